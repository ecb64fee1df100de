package dev.taskagent.cli;

import dev.taskagent.agent.StepListener;
import dev.taskagent.agent.ToolStep;
import java.io.PrintWriter;
import java.util.List;

/** {@code run --stream}: a line on stderr for each tool call as it starts and as it ends. */
final class StepLines implements StepListener {

    private final PrintWriter err;

    StepLines(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void started(String tool, String arguments) {
        err.println("→ " + tool + " " + arguments);
        err.flush();
    }

    @Override
    public void completed(ToolStep step) {
        String outcome = step.failed() ? "error: " + step.error() : step.result();
        err.println("← " + step.tool() + " (" + step.durationMs() + " ms) " + outcome);
        err.flush();
    }

    /** Every listener told of every step, in order. */
    static StepListener all(List<StepListener> listeners) {
        return new StepListener() {
            @Override
            public void started(String tool, String arguments) {
                listeners.forEach(listener -> listener.started(tool, arguments));
            }

            @Override
            public void completed(ToolStep step) {
                listeners.forEach(listener -> listener.completed(step));
            }

            @Override
            public void outputDelta(String text) {
                listeners.forEach(listener -> listener.outputDelta(text));
            }
        };
    }
}
