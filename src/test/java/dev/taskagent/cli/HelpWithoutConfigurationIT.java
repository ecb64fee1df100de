package dev.taskagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as a newcomer first runs it: production profile, authentication on, no key, no token.
 * Help and version still work at every level, and neither starts the server.
 */
@QuarkusMainIntegrationTest
class HelpWithoutConfigurationIT {

    @Test
    void printsHelpAndVersionAtEveryLevelWithoutConfigurationOrServer(QuarkusMainLauncher launcher) {
        for (List<String> arguments : List.of(
                List.of("--help"),
                List.of("-h"),
                List.of("--version"),
                List.of("serve", "--help"),
                List.of("serve", "--version"),
                List.of("run", "--help"),
                List.of("run", "--version"))) {
            LaunchResult result = launcher.launch(arguments.toArray(String[]::new));

            String all = result.getOutput() + result.getErrorOutput();
            assertEquals(0, result.exitCode(), arguments + ": " + all);
            // the test harness turns io.quarkus INFO on; a server would say "Listening on: http://…"
            assertFalse(all.contains("Listening on: http"), arguments + " started the server: " + all);
            assertFalse(all.contains("Exception"), arguments + ": " + all);
            assertFalse(all.contains("cannot start"), arguments + ": " + all);
            String expected =
                    arguments.contains("--help") || arguments.contains("-h") ? "Usage: task-agent" : "task-agent 0";
            assertTrue(result.getOutput().startsWith(expected), arguments + ": " + result.getOutput());
        }
    }
}
