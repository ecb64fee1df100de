package dev.taskagent.agent;

import io.quarkiverse.langchain4j.runtime.PreventsErrorHandlerExecution;

/** The model asked for more tool calls than the task allows; the run stops here. */
public final class ToolBudgetExhaustedException extends RuntimeException implements PreventsErrorHandlerExecution {

    private final int limit;

    public ToolBudgetExhaustedException(int limit) {
        super("tool-call budget of " + limit + " exhausted", null, false, false);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
