package dev.taskagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The model's answer did not match the task's output schema, even after it was shown why once: carries the last
 * attempt (the arguments it gave, or its text) and the validation errors.
 */
public final class InvalidOutputException extends RuntimeException {

    private final JsonNode lastAttempt;
    private final List<String> errors;

    InvalidOutputException(JsonNode lastAttempt, List<String> errors) {
        super("the model's answer does not match the output schema", null, false, false);
        this.lastAttempt = lastAttempt;
        this.errors = List.copyOf(errors);
    }

    public JsonNode lastAttempt() {
        return lastAttempt;
    }

    public List<String> errors() {
        return errors;
    }
}
