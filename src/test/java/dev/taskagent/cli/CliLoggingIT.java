package dev.taskagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.PackagedService;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged command line, run as a real process (the test launchers add log settings of their own): it logs
 * warnings and errors only, even where the server logs at INFO — here, retried model calls.
 */
class CliLoggingIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void givenModelCallsThatAreRetried_whenRunning_thenStderrHasNothingBelowWarning() throws Exception {
        // nothing listens on port 9: each call fails at once and is retried, which the server logs at INFO
        try (PackagedService cli = PackagedService.launch(
                Map.of("LANG", "C.UTF-8"),
                Map.of("task-agent.model.base-url", "http://127.0.0.1:9/v1/"),
                "run",
                "What is 2+2?")) {
            assertTrue(cli.process().waitFor(2, TimeUnit.MINUTES));
            Thread.sleep(200); // the rest of the output
            String output = cli.output();

            assertEquals(1, cli.process().exitValue(), output);
            assertTrue(
                    output.contains("the model endpoint at 127.0.0.1:9 could not be reached"),
                    "names the host: " + output);
            assertFalse(output.lines().anyMatch(line -> line.matches(".*\\b(INFO|DEBUG|TRACE)\\b.*")), output);
        }
    }
}
