package dev.taskagent.agent;

/**
 * One tool call as it really ran: the function the model named, the raw JSON arguments it sent, and either the
 * result text the model got back or the error message it got instead.
 */
public record ToolStep(String tool, String arguments, String result, String error, long durationMs) {

    public boolean failed() {
        return error != null;
    }
}
