package dev.taskagent.observability;

import dev.taskagent.config.TaskAgentConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every metric the service defines, in one place (Prometheus names, at {@code /q/metrics}):
 * <ul>
 * <li>{@code task_agent_tasks_total{outcome}} and {@code task_agent_task_duration_seconds{outcome}} (histogram);</li>
 * <li>{@code task_agent_tool_calls_total{tool,outcome}} and {@code task_agent_tool_call_duration_seconds};</li>
 * <li>{@code task_agent_model_call_duration_seconds{model,outcome}} (histogram, one per HTTP attempt),
 * {@code task_agent_model_call_errors_total{model,code}} (code: HTTP status, or timeout, unreachable,
 * connection_lost, invalid_response);</li>
 * <li>{@code task_agent_model_tokens_total{model,direction}} and {@code task_agent_model_cost_usd_total{model}},
 * estimated with {@code task-agent.model.price.*}.</li>
 * </ul>
 * Labels take values from small fixed sets only: never a key, a token, a prompt or an error text.
 */
@ApplicationScoped
public class ServiceMetrics {

    private static final Duration[] TASK_BUCKETS = seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300);
    private static final Duration[] CALL_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120);

    private final MeterRegistry registry;
    private final String model;
    private final double inputPrice;
    private final double outputPrice;

    public ServiceMetrics(MeterRegistry registry, TaskAgentConfig config) {
        this.registry = registry;
        this.model = config.model().name();
        this.inputPrice = config.model().price().inputPerMillion() / 1_000_000;
        this.outputPrice = config.model().price().outputPerMillion() / 1_000_000;
    }

    public void task(String outcome, long nanos) {
        Counter.builder("task_agent.tasks")
                .description("Tasks by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("task_agent.task.duration")
                .description("Time from a task's start to its answer or failure")
                .tag("outcome", outcome)
                .serviceLevelObjectives(TASK_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void toolCall(String tool, boolean failed, long nanos) {
        String outcome = failed ? "error" : "ok";
        Counter.builder("task_agent.tool.calls")
                .description("Tool calls by tool and outcome")
                .tags("tool", tool, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("task_agent.tool.call.duration")
                .description("Time one tool call took")
                .tags("tool", tool, "outcome", outcome)
                .serviceLevelObjectives(CALL_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void modelCall(String errorCode, long nanos) {
        Timer.builder("task_agent.model.call.duration")
                .description("Latency of one HTTP call to the model")
                .tags("model", model, "outcome", errorCode == null ? "ok" : "error")
                .serviceLevelObjectives(CALL_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (errorCode != null) {
            Counter.builder("task_agent.model.call.errors")
                    .description("Failed model calls by error code")
                    .tags("model", model, "code", errorCode)
                    .register(registry)
                    .increment();
        }
    }

    public void tokens(long input, long output) {
        Counter.builder("task_agent.model.tokens")
                .description("Tokens the model read and wrote")
                .tags("model", model, "direction", "input")
                .register(registry)
                .increment(input);
        Counter.builder("task_agent.model.tokens")
                .description("Tokens the model read and wrote")
                .tags("model", model, "direction", "output")
                .register(registry)
                .increment(output);
        Counter.builder("task_agent.model.cost.usd")
                .description("Estimated cost of the model's tokens, from task-agent.model.price.*")
                .tag("model", model)
                .register(registry)
                .increment(input * inputPrice + output * outputPrice);
    }

    private static Duration[] seconds(double... values) {
        Duration[] buckets = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return buckets;
    }
}
