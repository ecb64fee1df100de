package dev.taskagent.mcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.taskagent.agent.DirectToolCalls;
import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.agent.ToolStep;
import dev.taskagent.api.Problems;
import dev.taskagent.api.TaskViews;
import dev.taskagent.events.EventLog;
import dev.taskagent.http.Problem;
import dev.taskagent.limits.LimitExceeded;
import dev.taskagent.limits.TaskAdmission;
import dev.taskagent.security.Caller;
import dev.taskagent.task.Delivery;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What task-agent offers MCP clients, whatever the transport (Streamable HTTP at {@code /mcp}, stdio from
 * {@code task-agent mcp}): the functions of the enabled built-in tools, with the schemas the model sees, each called
 * through the same executor as inside a task; and {@code run_task}, which runs a whole task through
 * {@link dev.taskagent.task.TaskService} as {@code POST /v1/tasks} does. MCP servers configured as tool sources are not passed on.
 */
@ApplicationScoped
public class McpToolSurface {

    static final String RUN_TASK = "run_task";
    private static final Duration POLL = Duration.ofMillis(200);

    /** One tool as MCP clients list it. */
    public record ExposedTool(String name, String description, Map<String, Object> inputSchema) {}

    /** What a call gave: the text for the client, structured content (may be null), and whether it failed. */
    public record Outcome(String text, Object structured, boolean error) {

        static Outcome failed(String text) {
            return new Outcome(text, null, true);
        }
    }

    /** Hears a running task's steps as MCP progress: a count that grows with each step started or finished. */
    public interface ProgressSink {
        ProgressSink NONE = (count, message) -> {};

        void progress(int count, String message);
    }

    private final ToolCatalog catalog;
    private final DirectToolCalls direct;
    private final TaskAdmission admission;
    private final TaskViews views;
    private final Problems problems;
    private final ObjectMapper mapper;

    public McpToolSurface(
            ToolCatalog catalog,
            DirectToolCalls direct,
            TaskAdmission admission,
            TaskViews views,
            Problems problems,
            ObjectMapper mapper) {
        this.catalog = catalog;
        this.direct = direct;
        this.admission = admission;
        this.views = views;
        this.problems = problems;
        this.mapper = mapper;
    }

    /** The tools, in a stable order: the enabled built-in functions, then run_task. */
    public List<ExposedTool> tools() {
        List<ExposedTool> tools = new ArrayList<>();
        for (ToolCatalog.Entry entry : catalog.builtIn()) {
            if (entry.enabled()) {
                entry.functions().forEach(spec -> tools.add(exposed(spec)));
            }
        }
        tools.add(new ExposedTool(RUN_TASK, RUN_TASK_DESCRIPTION, runTaskSchema()));
        return tools;
    }

    /** Calls one tool with its arguments, for {@code caller}; run_task reports its steps to {@code progress}. */
    public Outcome call(
            String name,
            Map<String, Object> arguments,
            Caller caller,
            ProgressSink progress,
            BooleanSupplier cancelled) {
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        if (RUN_TASK.equals(name)) {
            return runTask(args, caller, progress, cancelled);
        }
        if (direct.setOf(name).isEmpty()) {
            return Outcome.failed("unknown tool '" + name + "'");
        }
        ToolStep step = direct.call("mcp_" + UUID.randomUUID().toString().replace("-", ""), name, json(args));
        if (step.failed()) {
            return Outcome.failed(step.error());
        }
        return new Outcome(step.result(), structured(step.result()), false);
    }

    private Outcome runTask(Map<String, Object> args, Caller caller, ProgressSink progress, BooleanSupplier cancelled) {
        TaskSpec spec;
        try {
            spec = new TaskSpec(
                    args.get("input") instanceof String input ? input : null,
                    args.get("tools") == null ? null : mapper.convertValue(args.get("tools"), new TypeReference<>() {}),
                    args.get("max_tool_calls") == null
                            ? null
                            : mapper.convertValue(args.get("max_tool_calls"), Integer.class),
                    null,
                    null,
                    null,
                    args.get("reasoning") instanceof String reasoning ? reasoning : null,
                    null,
                    null,
                    null,
                    null,
                    null);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("invalid arguments: 'tools' is a list of tool names, 'max_tool_calls' a number");
        }
        TaskHandle task;
        try {
            task = admission.submit(spec, caller, Delivery.WAIT);
        } catch (LimitExceeded e) {
            return Outcome.failed(e.getMessage());
        } catch (TaskFailure failure) {
            return problem(failure);
        }
        try {
            follow(task, progress, cancelled);
            return completed(task);
        } catch (InterruptedException e) {
            task.cancel();
            Thread.currentThread().interrupt();
            return Outcome.failed("cancelled");
        }
    }

    /** Reports each finished step until the task ends; cancels the task when the client cancels the call. */
    private void follow(TaskHandle task, ProgressSink progress, BooleanSupplier cancelled) throws InterruptedException {
        long last = 0;
        int count = 0;
        while (true) {
            if (cancelled.getAsBoolean()) {
                task.cancel();
            }
            EventLog.Batch<TaskEvent> batch = task.events().await(last, POLL);
            for (EventLog.Sequenced<TaskEvent> event : batch.events()) {
                last = event.sequence();
                switch (event.event()) {
                    case TaskEvent.StepStarted started ->
                        progress.progress(++count, "step " + (started.index() + 1) + ": calling " + started.tool());
                    case TaskEvent.StepCompleted completed -> {
                        ToolStep step = completed.step();
                        progress.progress(
                                ++count,
                                "step " + (completed.index() + 1) + ": " + step.tool()
                                        + (step.failed() ? " failed: " + step.error() : " done") + " ("
                                        + step.durationMs() + " ms)");
                    }
                    default -> {}
                }
            }
            if (batch.closed() && batch.events().isEmpty()) {
                return;
            }
        }
    }

    private Outcome completed(TaskHandle task) throws InterruptedException {
        try {
            var response = views.response(task.await());
            return new Outcome(response.output(), mapper.convertValue(response, MAP), false);
        } catch (TaskFailure failure) {
            return problem(failure);
        }
    }

    private Outcome problem(TaskFailure failure) {
        Problem problem = problems.of(failure, "mcp:" + RUN_TASK);
        return new Outcome(problem.title() + ": " + problem.detail(), mapper.convertValue(problem, MAP), true);
    }

    private Object structured(String result) {
        if (result == null || result.isEmpty() || result.charAt(0) != '{') {
            return null;
        }
        try {
            return mapper.readValue(result, MAP);
        } catch (JsonProcessingException notAnObject) {
            return null;
        }
    }

    private String json(Map<String, Object> args) {
        try {
            return mapper.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments cannot be written as JSON", e);
        }
    }

    private static ExposedTool exposed(ToolSpecification spec) {
        Map<String, Object> schema = spec.parameters() == null
                ? Map.of("type", "object", "properties", Map.of())
                : JsonSchemaElementUtils.toMap(spec.parameters());
        return new ExposedTool(spec.name(), spec.description(), schema);
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private static final String RUN_TASK_DESCRIPTION = """
            Run a whole task with task-agent's model and tools, as POST /v1/tasks does, and return its answer with \
            the trace of every tool call (structured content: the task as the HTTP API returns it). Sends a \
            progress notification for each tool call while it runs; over Streamable HTTP, cancelling the request \
            cancels the task.""";

    private static Map<String, Object> runTaskSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("input", Map.of("type", "string", "description", "the task, in plain language"));
        properties.put(
                "tools",
                Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of("type", "string"),
                        "description",
                        "tool sets the model may use, e.g. [\"calculator\"] (default: all enabled; [] for none)"));
        properties.put(
                "max_tool_calls",
                Map.of("type", "integer", "minimum", 0, "description", "tool calls the task may make at most"));
        properties.put(
                "reasoning",
                Map.of("type", "string", "enum", List.of("none", "high"), "description", "reasoning effort"));
        return Map.of("type", "object", "properties", properties, "required", List.of("input"));
    }
}
