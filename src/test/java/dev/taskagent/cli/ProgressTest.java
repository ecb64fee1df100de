package dev.taskagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.agent.ToolStep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The status line of a running task: what it does, for how long, erased at the end. */
class ProgressTest {

    private final StringWriter written = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(written), Duration.ofMillis(20));

    @Test
    void showsTheStepBeingRunThenWaitingForTheModelThenErasesItself() throws Exception {
        progress.started("calculator", "{\"expression\":\"6*7\"}");
        progress.start();
        awaitWritten("task-agent: running calculator · ");

        progress.completed(new ToolStep("calculator", "{\"expression\":\"6*7\"}", "42", null, 3));
        awaitWritten("task-agent: waiting for the model · ");
        progress.stop();

        String text = written.toString();
        assertTrue(text.startsWith("\r\033[Ktask-agent: running calculator"), text);
        assertTrue(text.endsWith("\r\033[K"), "erased at the end: " + text);
        assertEquals(-1, text.indexOf('\n'), "one line, redrawn in place: " + text);
    }

    @Test
    void drawsNothingForATaskThatEndsBeforeTheFirstTick() {
        Progress slow = new Progress(new PrintWriter(written), Duration.ofHours(1));

        slow.start();
        slow.stop();

        assertEquals("", written.toString());
    }

    private void awaitWritten(String text) throws InterruptedException {
        for (int i = 0; i < 500 && !written.toString().contains(text); i++) {
            Thread.sleep(10);
        }
        assertTrue(written.toString().contains(text), written.toString());
    }
}
