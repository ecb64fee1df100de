package dev.taskagent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.ToolStep;
import dev.taskagent.http.TraceStep;
import dev.taskagent.security.Secrets;
import dev.taskagent.task.CompletedTask;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Turns internal task results into their API form, for the HTTP resources and the command line alike; tool
 * arguments are shown as JSON when the model sent valid JSON, else as the raw text it sent.
 */
@ApplicationScoped
public class TaskViews {

    private final ObjectMapper mapper;
    private final Secrets secrets;

    public TaskViews(ObjectMapper mapper, Secrets secrets) {
        this.mapper = mapper;
        this.secrets = secrets;
    }

    /** A completed task's result; {@link TaskSnapshots} adds what the service knows of the task around it. */
    public TaskResponse response(CompletedTask task) {
        return result(TaskResponse.builder(task.id(), "completed"), task).build();
    }

    /** Sets what {@code task} produced: its answer, steps, pages read, usage, model and duration. */
    TaskResponse.Builder result(TaskResponse.Builder response, CompletedTask task) {
        return response.output(task.output())
                .outputJson(task.outputJson())
                .steps(steps(task.steps()))
                .sources(sources(task.sources()))
                .usage(usage(task))
                .model(task.model())
                .durationMs(task.durationMs());
    }

    public TaskResponse.Usage usage(CompletedTask task) {
        return new TaskResponse.Usage(task.inputTokens(), task.outputTokens(), task.costUsd());
    }

    public List<TaskResponse.Source> sources(List<AgentRun.Source> sources) {
        return sources.stream()
                .map(s -> new TaskResponse.Source(s.url(), s.status(), s.title()))
                .toList();
    }

    public List<TraceStep> steps(List<ToolStep> steps) {
        return steps.stream().map(this::step).toList();
    }

    public TraceStep step(ToolStep step) {
        return new TraceStep(
                "tool_call",
                step.tool(),
                arguments(step.arguments()),
                secrets.redact(step.result()),
                secrets.redact(step.error()),
                step.durationMs());
    }

    public JsonNode arguments(String raw) {
        if (raw == null || raw.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(raw);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(raw);
        }
    }
}
