package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.agent.ToolStep;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Why a task could not be run or completed; each kind maps to one HTTP status. */
public abstract sealed class TaskFailure extends RuntimeException {

    protected TaskFailure(String message) {
        super(message, null, false, false);
    }

    /** The request itself is wrong (input missing or too long, unknown tool...). */
    public static final class InvalidTask extends TaskFailure {
        private final String param;

        public InvalidTask(String message) {
            this(message, null);
        }

        /** @param param the request member at fault, e.g. {@code model}; null when not one member */
        public InvalidTask(String message, String param) {
            super(message);
            this.param = param;
        }

        public Optional<String> param() {
            return Optional.ofNullable(param);
        }
    }

    /** The model's answer did not match the output schema, even after one repair; carries the last attempt. */
    public static final class InvalidOutput extends Stopped {
        private final JsonNode lastAttempt;
        private final List<String> errors;

        public InvalidOutput(String taskId, JsonNode lastAttempt, List<String> errors, List<ToolStep> steps) {
            super(
                    "the model's answer does not match the output schema, also after it was asked once to fix it",
                    taskId,
                    steps);
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

    /** The model endpoint answered with an error, or with nothing usable, or could not be reached. */
    public static final class UpstreamError extends TaskFailure {

        /** What kind of upstream fault; each has its own problem type. */
        public enum Cause {
            /** An error reply of the endpoint, with its own message and code. */
            REPLIED,
            /** The endpoint refused the model token (401, 403). */
            UNAUTHORIZED,
            /** No connection could be opened. */
            UNREACHABLE,
            /** The connection broke before the reply was complete. */
            CONNECTION_LOST,
            /** A reply that is not a usable chat completion. */
            INVALID_RESPONSE,
            /** An answer longer than the service accepts. */
            ANSWER_TOO_LARGE
        }

        private final Cause kind;
        private final int upstreamStatus;
        private final String code;
        private final Duration retryAfter;

        public UpstreamError(int upstreamStatus, String code, String message) {
            this(upstreamStatus, code, message, null);
        }

        public UpstreamError(int upstreamStatus, String code, String message, Duration retryAfter) {
            this(Cause.REPLIED, upstreamStatus, code, message, retryAfter);
        }

        public UpstreamError(Cause cause, int upstreamStatus, String code, String message, Duration retryAfter) {
            super(message);
            this.kind = cause;
            this.upstreamStatus = upstreamStatus;
            this.code = code;
            this.retryAfter = retryAfter;
        }

        /** A fault the service describes itself (no reply, or none it can use). */
        public static UpstreamError of(Cause cause, String message) {
            return new UpstreamError(cause, 0, null, message, null);
        }

        public Cause kind() {
            return kind;
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

    /** A new task was refused because the queue of waiting tasks is full. */
    public static final class QueueFull extends TaskFailure {
        private final Duration retryAfter;

        public QueueFull(int capacity, Duration retryAfter) {
            super("the service is at capacity: " + capacity + " tasks are queued or running; try again later");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** No task or session with the id asked for (never was, or already forgotten). */
    public static final class NotFound extends TaskFailure {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The service failed in a way it did not expect; the cause is logged, not shown. */
    public static final class Internal extends TaskFailure {
        public Internal() {
            super("the task failed unexpectedly; the error is logged");
        }

        /** @param what a one-line hint of what failed, e.g. the error's class name; never its message */
        public Internal(String what) {
            super("the task failed unexpectedly (" + what + "); the error is logged");
        }
    }

    /**
     * The replica running the task stopped renewing its lease (it died or lost Redis), so the task ended unfinished
     * ({@code task-agent.store=redis}).
     */
    public static final class WorkerLost extends TaskFailure {
        public WorkerLost(Duration lease) {
            super("the replica running the task stopped answering for more than " + lease.toSeconds()
                    + " s (task-agent.redis.lease-ttl), so the task ended unfinished; send it again");
        }
    }

    /** The task stopped part-way; it carries the steps that ran. */
    public abstract static sealed class Stopped extends TaskFailure {
        private final String taskId;
        private final List<ToolStep> steps;

        Stopped(String message, String taskId, List<ToolStep> steps) {
            super(message);
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

    /** The model wanted more tool calls than the task allows. */
    public static final class ToolBudgetExhausted extends Stopped {
        public ToolBudgetExhausted(String taskId, int limit, List<ToolStep> steps) {
            super(
                    "the model wanted more than " + limit + " tool calls (max_tool_calls); no answer was produced",
                    taskId,
                    steps);
        }
    }

    /** The model kept making the very same tool call. */
    public static final class RepeatedToolCall extends Stopped {
        public RepeatedToolCall(String taskId, String tool, int limit, List<ToolStep> steps) {
            super(
                    "the model called " + tool + " with the same arguments more than " + limit
                            + " times (task-agent.tasks.max-identical-tool-calls); stopped to break the loop",
                    taskId,
                    steps);
        }
    }

    /** The task ran longer than {@code task-agent.tasks.deadline} and was stopped. */
    public static final class DeadlineExceeded extends Stopped {
        public DeadlineExceeded(String taskId, Duration deadline, List<ToolStep> steps) {
            super(
                    "the task ran longer than its deadline of " + describe(deadline)
                            + " (task-agent.tasks.deadline) and was stopped",
                    taskId,
                    steps);
        }

        private static String describe(Duration deadline) {
            long seconds = deadline.toSeconds();
            return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : Math.max(seconds, 1) + " s";
        }
    }

    /** The task was cancelled before it finished. */
    public static final class Cancelled extends Stopped {
        public Cancelled(String taskId, List<ToolStep> steps) {
            super("the task was cancelled before it finished", taskId, steps);
        }
    }
}
