package dev.taskagent.agent;

import io.quarkiverse.langchain4j.runtime.PreventsErrorHandlerExecution;

/** The run was cancelled; it stops at the next point where it waits or between steps. */
public final class RunCancelledException extends RuntimeException implements PreventsErrorHandlerExecution {

    public RunCancelledException() {
        super("the run was cancelled", null, false, false);
    }
}
