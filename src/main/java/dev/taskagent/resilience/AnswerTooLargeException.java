package dev.taskagent.resilience;

/**
 * The model's answer grew past {@code task-agent.model.max-answer-chars}; the stream was cut off there, so memory
 * stays bounded whatever the endpoint sends. Not retried: the same request would most likely do it again.
 */
public final class AnswerTooLargeException extends RuntimeException {

    private final int limit;

    public AnswerTooLargeException(int limit) {
        super("the model's answer was longer than " + limit
                + " characters (task-agent.model.max-answer-chars) and was cut off");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
