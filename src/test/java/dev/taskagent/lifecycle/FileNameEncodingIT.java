package dev.taskagent.lifecycle;

import static dev.taskagent.support.OpenAiMock.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.PackagedService;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged jar under the C locale warns, in one line, that file names are not UTF-8; under {@code LANG=C.UTF-8}
 * (what the images set) it does not, and neither does the launcher under the C locale (it switches to C.UTF-8).
 */
class FileNameEncodingIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void givenTheCLocale_whenRunning_thenItWarnsInOneLine() throws Exception {
        String output = run("C");

        assertEquals(
                1,
                output.lines()
                        .filter(l -> l.contains("file names are decoded as"))
                        .count(),
                output);
        assertTrue(output.contains("start the service with LANG=C.UTF-8"), output);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void givenAUtf8Locale_whenRunning_thenNoWarning() throws Exception {
        String output = run("C.UTF-8");

        assertFalse(output.contains("file names are decoded as"), output);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void givenTheCLocale_whenRunningThroughTheLauncher_thenNoWarning() throws Exception {
        String output = run("C", true);

        assertFalse(output.contains("file names are decoded as"), output);
    }

    private static String run(String lang) throws InterruptedException {
        return run(lang, false);
    }

    private static String run(String lang, boolean launcher) throws InterruptedException {
        OpenAiMock model = OpenAiMock.shared();
        model.reset();
        model.replies(answer("ok"));
        Map<String, String> settings = Map.of("task-agent.model.timeout", "60s");
        try (PackagedService cli = launcher
                ? PackagedService.launchScript(Map.of("LANG", lang), settings, "run", "say ok")
                : PackagedService.launch(Map.of("LANG", lang), settings, "run", "say ok")) {
            assertTrue(cli.process().waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, cli.process().exitValue(), cli.output());
            Thread.sleep(200); // the rest of the output
            return cli.output();
        }
    }
}
