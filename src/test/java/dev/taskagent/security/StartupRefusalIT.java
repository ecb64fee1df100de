package dev.taskagent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged service, prod profile, authentication on and no key configured: it refuses to start. */
@QuarkusMainIntegrationTest
class StartupRefusalIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void refusesToServeWithoutAnyApiKeyInOneLineSayingWhatToDo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("serve");

        assertNotEquals(0, result.exitCode());
        String output = result.getOutput() + result.getErrorOutput();
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), "one line, no stack trace: " + output);
        assertTrue(lines.get(0).startsWith("task-agent cannot start: "), output);
        assertTrue(output.contains("no API key is configured"), output);
        assertTrue(output.contains("TASK_AGENT_AUTH_API_KEY_HASHES"), "says what to set: " + output);
        assertTrue(output.contains("task-agent.auth.enabled=false"), "says how to switch it off: " + output);
    }
}
