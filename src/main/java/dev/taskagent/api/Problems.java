package dev.taskagent.api;

import dev.taskagent.task.TaskFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The problem document for each way a task fails: its code, title and status; one mapping for the HTTP API (through
 * {@link ProblemMapper}), a failed or cancelled task's {@code error}, and the command line.
 */
@ApplicationScoped
public class Problems {

    private final TaskViews views;

    public Problems(TaskViews views) {
        this.views = views;
    }

    public Problem of(TaskFailure failure, String instance) {
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
            case TaskFailure.Internal internal ->
                Problem.of("internal-error", "Internal error", 500, internal.getMessage(), instance);
            case TaskFailure.ToolBudgetExhausted budget ->
                stopped("tool-budget-exhausted", "Tool-call budget exhausted", 422, budget, instance);
            case TaskFailure.RepeatedToolCall repeated ->
                stopped("repeated-tool-call", "Repeated tool call", 422, repeated, instance);
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
        if (upstream.code() != null) {
            problem = problem.withCode(upstream.code());
        }
        return upstream.upstreamStatus() > 0 ? problem.withUpstreamStatus(upstream.upstreamStatus()) : problem;
    }
}
