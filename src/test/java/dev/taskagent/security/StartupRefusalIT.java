package dev.taskagent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.PackagedService;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged service, prod profile, authentication on and no usable key configured: it refuses to start. */
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

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void refusesARawKeyGivenInsteadOfItsHashInOneLineWithoutEchoingIt() throws Exception {
        String rawKey = "tk_pasted_by_mistake_9f8e7d6c5b4a";
        try (PackagedService service = PackagedService.launch(
                Map.of("TASK_AGENT_AUTH_API_KEY_HASHES", rawKey), Map.of("task-agent.auth.enabled", "true"), "serve")) {
            assertTrue(service.process().waitFor(60, TimeUnit.SECONDS), "it stops: " + service.output());
            Thread.sleep(200); // the rest of the output
            String output = service.output();

            assertNotEquals(0, service.process().exitValue(), output);
            List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
            assertEquals(1, lines.size(), "one line, no stack trace: " + output);
            assertTrue(
                    lines.get(0).startsWith("task-agent cannot start: entry 1 of task-agent.auth.api-key-hashes"),
                    output);
            assertTrue(output.contains("sha256sum"), "says how to hash it: " + output);
            assertFalse(output.contains(rawKey), "the key is never echoed: " + output);
        }
    }
}
