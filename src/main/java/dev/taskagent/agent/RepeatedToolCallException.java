package dev.taskagent.agent;

import io.quarkiverse.langchain4j.runtime.PreventsErrorHandlerExecution;

/** The model made the very same tool call (function and arguments) more often than allowed; the run stops here. */
public final class RepeatedToolCallException extends RuntimeException implements PreventsErrorHandlerExecution {

    private final String tool;
    private final int limit;

    public RepeatedToolCallException(String tool, int limit) {
        super(
                "the model called " + tool + " with the same arguments more than " + limit + " times",
                null,
                false,
                false);
        this.tool = tool;
        this.limit = limit;
    }

    public String tool() {
        return tool;
    }

    public int limit() {
        return limit;
    }
}
