package dev.taskagent.api;

import dev.taskagent.http.Problem;
import dev.taskagent.security.Secrets;
import dev.taskagent.task.TaskFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The problem document for each way a task fails: its code, title and status; one mapping for the HTTP API (through
 * {@link ProblemMapper}), a failed or cancelled task's {@code error}, and the command line.
 */
@ApplicationScoped
public class Problems {

    private final TaskViews views;
    private final Secrets secrets;

    public Problems(TaskViews views, Secrets secrets) {
        this.views = views;
        this.secrets = secrets;
    }

    /** The problem for {@code failure}; its detail never holds a secret, whatever the model endpoint said. */
    public Problem of(TaskFailure failure, String instance) {
        Problem problem = problemOf(failure, instance);
        return problem.withDetail(secrets.redact(problem.detail()));
    }

    private Problem problemOf(TaskFailure failure, String instance) {
        return switch (failure) {
            case TaskFailure.InvalidTask invalid ->
                Problem.of("invalid-request", "Invalid request", 400, invalid.getMessage(), instance)
                        .withParam(invalid.param().orElse(null));
            case TaskFailure.NotFound missing ->
                Problem.of("not-found", "Not found", 404, missing.getMessage(), instance);
            case TaskFailure.QueueFull full ->
                Problem.of("queue-full", "Too many tasks", 429, full.getMessage(), instance);
            case TaskFailure.ModelNotConfigured missing ->
                Problem.of("model-not-configured", "Model not configured", 503, missing.getMessage(), instance);
            case TaskFailure.UpstreamTimeout timeout ->
                Problem.of("upstream-timeout", "Model endpoint timed out", 504, timeout.getMessage(), instance);
            case TaskFailure.UpstreamUnavailable paused ->
                Problem.of("upstream-unavailable", "Model endpoint unavailable", 503, paused.getMessage(), instance);
            case TaskFailure.UpstreamError upstream -> upstream(upstream, instance);
            case TaskFailure.WorkerLost lost ->
                Problem.of("worker-lost", "Replica lost", 503, lost.getMessage(), instance);
            case TaskFailure.Internal internal ->
                Problem.of("internal-error", "Internal error", 500, internal.getMessage(), instance);
            case TaskFailure.ToolBudgetExhausted budget ->
                stopped("tool-budget-exhausted", "Tool-call budget exhausted", 422, budget, instance);
            case TaskFailure.RepeatedToolCall repeated ->
                stopped("repeated-tool-call", "Repeated tool call", 422, repeated, instance);
            case TaskFailure.DeadlineExceeded late ->
                stopped("deadline-exceeded", "Task deadline exceeded", 504, late, instance);
            case TaskFailure.InvalidOutput invalid ->
                stopped("invalid-output", "Answer does not match the output schema", 422, invalid, instance)
                        .withOutputErrors(invalid.errors(), invalid.lastAttempt());
            case TaskFailure.Cancelled cancelled ->
                stopped("task-cancelled", "Task cancelled", 409, cancelled, instance);
        };
    }

    private Problem stopped(String slug, String title, int status, TaskFailure.Stopped stop, String instance) {
        return Problem.of(slug, title, status, stop.getMessage(), instance)
                .withTrace(stop.taskId(), views.steps(stop.steps()));
    }

    private static Problem upstream(TaskFailure.UpstreamError upstream, String instance) {
        Problem problem = switch (upstream.kind()) {
            case REPLIED -> replied(upstream, instance);
            case UNAUTHORIZED ->
                Problem.of(
                        "upstream-unauthorized",
                        "Model endpoint refused the token",
                        502,
                        upstream.getMessage(),
                        instance);
            case UNREACHABLE ->
                Problem.of("upstream-unreachable", "Model endpoint unreachable", 502, upstream.getMessage(), instance);
            case CONNECTION_LOST ->
                Problem.of(
                        "upstream-connection-lost",
                        "Connection to the model endpoint lost",
                        502,
                        upstream.getMessage(),
                        instance);
            case INVALID_RESPONSE ->
                Problem.of(
                        "upstream-invalid-response",
                        "Invalid reply from the model endpoint",
                        502,
                        upstream.getMessage(),
                        instance);
            case ANSWER_TOO_LARGE ->
                Problem.of("upstream-answer-too-large", "Model answer too large", 502, upstream.getMessage(), instance);
        };
        return upstream.upstreamStatus() > 0 ? problem.withUpstreamStatus(upstream.upstreamStatus()) : problem;
    }

    /** An error reply of the endpoint: its status where a client can act on it, its own code. */
    private static Problem replied(TaskFailure.UpstreamError upstream, String instance) {
        int status = switch (upstream.upstreamStatus()) {
            case 402 -> 402;
            case 429 -> 429;
            default -> 502;
        };
        String title = switch (status) {
            case 402 -> "Model endpoint requires payment";
            case 429 -> "Model endpoint rate limit";
            default -> "Model endpoint error";
        };
        Problem problem = Problem.of("upstream-error", title, status, upstream.getMessage(), instance);
        return upstream.code() != null ? problem.withCode(upstream.code()) : problem;
    }
}
