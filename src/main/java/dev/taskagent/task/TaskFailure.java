package dev.taskagent.task;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.taskagent.agent.ToolStep;

/** Why a task could not be run or completed; each kind maps to one HTTP status. */
public sealed abstract class TaskFailure extends RuntimeException {

    protected TaskFailure(String message) {
        super(message, null, false, false);
    }

    /** The request itself is wrong (input missing or too long, unknown tool...). */
    public static final class InvalidTask extends TaskFailure {
        public InvalidTask(String message) {
            super(message);
        }
    }

    /** No model token is configured, so no task can run until the operator sets one. */
    public static final class ModelNotConfigured extends TaskFailure {
        private final String variable;

        public ModelNotConfigured(String variable) {
            super("no model API token is configured: set the " + variable
                    + " environment variable (or task-agent.model.api-key) and restart the service");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }

    /** The model endpoint answered with an error. */
    public static final class UpstreamError extends TaskFailure {
        private final int upstreamStatus;
        private final String code;
        private final Duration retryAfter;

        public UpstreamError(int upstreamStatus, String code, String message) {
            this(upstreamStatus, code, message, null);
        }

        public UpstreamError(int upstreamStatus, String code, String message, Duration retryAfter) {
            super(message);
            this.upstreamStatus = upstreamStatus;
            this.code = code;
            this.retryAfter = retryAfter;
        }

        /** When the endpoint said, with Retry-After, to try again. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        /** The status the model endpoint answered with, or 0 when it could not be reached. */
        public int upstreamStatus() {
            return upstreamStatus;
        }

        /** The endpoint's own error code, e.g. {@code insufficient_funds}; may be null. */
        public String code() {
            return code;
        }
    }

    /** Model calls are paused because the endpoint kept failing (the circuit breaker is open). */
    public static final class UpstreamUnavailable extends TaskFailure {
        private final Duration retryAfter;

        public UpstreamUnavailable(Duration retryAfter) {
            super("the model endpoint has been failing, so calls to it are paused; retry in " + retryAfter.toSeconds()
                    + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The model endpoint did not answer in time. */
    public static final class UpstreamTimeout extends TaskFailure {
        public UpstreamTimeout(String message) {
            super(message);
        }
    }

    /** The model wanted more tool calls than the task allows. */
    public static final class ToolBudgetExhausted extends TaskFailure {
        private final String taskId;
        private final List<ToolStep> steps;

        public ToolBudgetExhausted(String taskId, int limit, List<ToolStep> steps) {
            super("the model wanted more than " + limit + " tool calls (max_tool_calls); no answer was produced");
            this.taskId = taskId;
            this.steps = List.copyOf(steps);
        }

        public String taskId() {
            return taskId;
        }

        public List<ToolStep> steps() {
            return steps;
        }
    }
}
