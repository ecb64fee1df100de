package dev.taskagent.observability;

import dev.taskagent.config.ModelCatalog;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.TaskHandle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One INFO line per task that ran: id, the caller's key label, model, outcome, tool calls, tokens, estimated cost and
 * duration; never the input, the answer or a secret. The same fields go to the MDC for that line, so that JSON logs
 * ({@code quarkus.log.console.json.enabled=true}) carry them as fields under {@code mdc}.
 */
@ApplicationScoped
public class TaskLog {

    private static final Logger LOG = Logger.getLogger(TaskLog.class);

    private final ModelCatalog models;

    public TaskLog(ModelCatalog models) {
        this.models = models;
    }

    void finished(TaskHandle task, String outcome, int toolCalls, CompletedTask completed, long nanos) {
        Map<String, String> fields = fields(task, outcome, toolCalls, completed, nanos);
        fields.forEach(MDC::put);
        try {
            StringBuilder line = new StringBuilder("task finished:");
            fields.forEach(
                    (name, value) -> line.append(' ').append(name).append('=').append(value));
            LOG.info(line);
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }

    Map<String, String> fields(TaskHandle task, String outcome, int toolCalls, CompletedTask completed, long nanos) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("task_id", task.id());
        fields.put("key", task.owner());
        fields.put(
                "model",
                completed != null
                        ? completed.model()
                        : models.orDefault(task.model()).id());
        fields.put("outcome", outcome);
        fields.put("tool_calls", Integer.toString(toolCalls));
        if (completed != null) {
            fields.put("input_tokens", Long.toString(completed.inputTokens()));
            fields.put("output_tokens", Long.toString(completed.outputTokens()));
            fields.put("cost_usd", String.format(Locale.ROOT, "%.6f", completed.costUsd()));
        }
        fields.put("duration_ms", Long.toString(nanos / 1_000_000));
        return fields;
    }
}
