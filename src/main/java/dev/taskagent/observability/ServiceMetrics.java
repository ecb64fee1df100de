package dev.taskagent.observability;

import dev.taskagent.config.ModelCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every metric the service defines, in one place (Prometheus names, at {@code /q/metrics}):
 * <ul>
 * <li>{@code task_agent_tasks_total{outcome}} and {@code task_agent_task_duration_seconds{outcome}} (histogram);</li>
 * <li>{@code task_agent_tool_calls_total{tool,outcome}} and {@code task_agent_tool_call_duration_seconds};</li>
 * <li>{@code task_agent_model_call_duration_seconds{model,outcome}} (histogram, one per HTTP attempt),
 * {@code task_agent_model_call_errors_total{model,code}} (code: HTTP status, or timeout, unreachable,
 * connection_lost, invalid_response);</li>
 * <li>{@code task_agent_model_tokens_total{model,direction}} and {@code task_agent_model_cost_usd_total{model}},
 * estimated with the prices of the model called ({@code task-agent.models.*}).</li>
 * </ul>
 * Labels take values from small fixed sets only: never a key, a token, a prompt or an error text. So each meter is
 * built once, on its first use, and kept: Micrometer's builders would otherwise sort tags, build an id and look it up
 * in the registry on every call.
 */
@ApplicationScoped
public class ServiceMetrics {

    private static final Duration[] TASK_BUCKETS = seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300);
    private static final Duration[] CALL_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120);

    private final MeterRegistry registry;
    private final ModelCatalog models;
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    /** A meter's name and label values (the label names are fixed per name). */
    private record Key(String name, String first, String second) {}

    public ServiceMetrics(MeterRegistry registry, ModelCatalog models) {
        this.registry = registry;
        this.models = models;
    }

    public void task(String outcome, long nanos) {
        counter(
                        new Key("task_agent.tasks", outcome, null),
                        key -> Counter.builder(key.name())
                                .description("Tasks by outcome")
                                .tag("outcome", outcome))
                .increment();
        timer(
                        new Key("task_agent.task.duration", outcome, null),
                        key -> Timer.builder(key.name())
                                .description("Time from a task's start to its answer or failure")
                                .tag("outcome", outcome)
                                .serviceLevelObjectives(TASK_BUCKETS))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void toolCall(String tool, boolean failed, long nanos) {
        String outcome = failed ? "error" : "ok";
        counter(
                        new Key("task_agent.tool.calls", tool, outcome),
                        key -> Counter.builder(key.name())
                                .description("Tool calls by tool and outcome")
                                .tags("tool", tool, "outcome", outcome))
                .increment();
        timer(
                        new Key("task_agent.tool.call.duration", tool, outcome),
                        key -> Timer.builder(key.name())
                                .description("Time one tool call took")
                                .tags("tool", tool, "outcome", outcome)
                                .serviceLevelObjectives(CALL_BUCKETS))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One HTTP call to {@code modelId} (an allowed model; any other id is counted as the default model). */
    public void modelCall(String modelId, String errorCode, long nanos) {
        String model = models.orDefault(modelId).id();
        String outcome = errorCode == null ? "ok" : "error";
        timer(
                        new Key("task_agent.model.call.duration", model, outcome),
                        key -> Timer.builder(key.name())
                                .description("Latency of one HTTP call to the model")
                                .tags("model", model, "outcome", outcome)
                                .serviceLevelObjectives(CALL_BUCKETS))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (errorCode != null) {
            counter(
                            new Key("task_agent.model.call.errors", model, errorCode),
                            key -> Counter.builder(key.name())
                                    .description("Failed model calls by error code")
                                    .tags("model", model, "code", errorCode))
                    .increment();
        }
    }

    /** Tokens of one call to {@code modelId}, and their cost at that model's prices. */
    public void tokens(String modelId, long input, long output) {
        ModelCatalog.Model priced = models.orDefault(modelId);
        String model = priced.id();
        tokenCounter(model, "input").increment(input);
        tokenCounter(model, "output").increment(output);
        counter(
                        new Key("task_agent.model.cost.usd", model, null),
                        key -> Counter.builder(key.name())
                                .description(
                                        "Estimated cost of the model's tokens, at the prices in task-agent.models.*")
                                .tag("model", model))
                .increment(priced.cost(input, output));
    }

    private Counter tokenCounter(String model, String direction) {
        return counter(
                new Key("task_agent.model.tokens", model, direction),
                key -> Counter.builder(key.name())
                        .description("Tokens the model read and wrote")
                        .tags("model", model, "direction", direction));
    }

    private Counter counter(Key key, Function<Key, Counter.Builder> builder) {
        Counter counter = counters.get(key);
        return counter != null
                ? counter
                : counters.computeIfAbsent(key, k -> builder.apply(k).register(registry));
    }

    private Timer timer(Key key, Function<Key, Timer.Builder> builder) {
        Timer timer = timers.get(key);
        return timer != null
                ? timer
                : timers.computeIfAbsent(key, k -> builder.apply(k).register(registry));
    }

    private static Duration[] seconds(double... values) {
        Duration[] buckets = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return buckets;
    }
}
