package dev.taskagent.observability;

import dev.taskagent.http.RequestIds;
import dev.taskagent.lifecycle.InFlightTasks;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.ObservedTask;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Locale;

/**
 * Around every run of a task: a {@code task} span (parent of the model-call and tool-call spans quarkus-langchain4j
 * makes), the task metrics, and an {@link InFlightTasks} registration. The span carries ids, counts and the outcome;
 * never the task's input or answer.
 */
@ObservedTask
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class TaskObserver {

    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("task.id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("task.outcome");

    private final Tracer tracer;
    private final ServiceMetrics metrics;
    private final InFlightTasks inFlight;
    private final TaskLog log;

    public TaskObserver(Tracer tracer, ServiceMetrics metrics, InFlightTasks inFlight, TaskLog log) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.log = log;
    }

    @AroundInvoke
    Object observe(InvocationContext invocation) throws Exception {
        Span span = tracer.spanBuilder("task").startSpan();
        TaskHandle handle = null;
        for (Object parameter : invocation.getParameters()) {
            if (parameter instanceof TaskSpec spec) {
                span.setAttribute(
                        "task.tools.requested", spec.tools() == null ? "default" : String.join(",", spec.tools()));
                if (spec.maxToolCalls() != null) {
                    span.setAttribute("task.max_tool_calls", spec.maxToolCalls());
                }
            } else if (parameter instanceof TaskHandle task) {
                handle = task;
                span.setAttribute(TASK_ID, task.id());
                span.setAttribute("task.delivery", task.delivery().name().toLowerCase(Locale.ROOT));
            }
        }
        String requestId = RequestIds.current();
        if (requestId != null) {
            span.setAttribute("request.id", requestId);
        }
        long start = System.nanoTime();
        String outcome = "error";
        CompletedTask completed = null;
        int toolCalls = 0;
        try (Scope scope = span.makeCurrent();
                InFlightTasks.Registration registration = inFlight.begin()) {
            if (handle != null) {
                // a task stopped by cancel or its deadline has ended, even while its thread still unwinds
                handle.whenEnded(registration::close);
            }
            Object result = invocation.proceed();
            if (result instanceof CompletedTask task) {
                outcome = "completed";
                completed = task;
                toolCalls = task.steps().size();
                span.setAttribute(TASK_ID, task.id());
                span.setAttribute("task.tool_calls", task.steps().size());
                span.setAttribute("gen_ai.usage.input_tokens", task.inputTokens());
                span.setAttribute("gen_ai.usage.output_tokens", task.outputTokens());
            }
            return result;
        } catch (TaskFailure failure) {
            outcome = outcome(failure);
            if (failure instanceof TaskFailure.Stopped stopped) {
                toolCalls = stopped.steps().size();
                span.setAttribute(TASK_ID, stopped.taskId());
                span.setAttribute("task.tool_calls", stopped.steps().size());
            }
            span.setStatus(StatusCode.ERROR, outcome);
            throw failure;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, outcome);
            throw e;
        } finally {
            span.setAttribute(OUTCOME, outcome);
            span.end();
            metrics.task(outcome, System.nanoTime() - start);
            if (handle != null) {
                log.finished(handle, outcome, toolCalls, completed, System.nanoTime() - start);
            }
        }
    }

    static String outcome(TaskFailure failure) {
        return switch (failure) {
            case TaskFailure.InvalidTask invalid -> "invalid_request";
            case TaskFailure.ModelNotConfigured missing -> "model_not_configured";
            case TaskFailure.UpstreamTimeout timeout -> "upstream_timeout";
            case TaskFailure.UpstreamUnavailable paused -> "upstream_unavailable";
            case TaskFailure.UpstreamError upstream -> "upstream_error";
            case TaskFailure.ToolBudgetExhausted budget -> "tool_budget_exhausted";
            case TaskFailure.RepeatedToolCall repeated -> "repeated_tool_call";
            case TaskFailure.DeadlineExceeded late -> "deadline_exceeded";
            case TaskFailure.InvalidOutput invalid -> "invalid_output";
            case TaskFailure.Cancelled cancelled -> "cancelled";
            case TaskFailure.QueueFull full -> "queue_full";
            case TaskFailure.NotFound missing -> "not_found";
            case TaskFailure.Internal internal -> "internal_error";
            case TaskFailure.WorkerLost lost -> "worker_lost";
        };
    }
}
