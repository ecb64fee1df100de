package dev.taskagent.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.taskagent.config.TaskAgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one function of a built-in tool set for a client that calls tools itself (the MCP server), through the same
 * executor as a call the model makes inside a task: same confinement and limits, the tool set's per-task use limit
 * counted as one call, and a failure turned into the same short error text.
 */
@ApplicationScoped
public class DirectToolCalls {

    private final ToolCatalog catalog;
    private final ToolJson json;
    private final Duration callTimeout;

    public DirectToolCalls(ToolCatalog catalog, ObjectMapper mapper, TaskAgentConfig config) {
        this.catalog = catalog;
        this.json = new ToolJson(mapper);
        this.callTimeout = config.tools().callTimeout();
    }

    /** The enabled built-in tool set that has this function. */
    public Optional<ToolCatalog.Entry> setOf(String function) {
        return catalog.builtIn().stream()
                .filter(ToolCatalog.Entry::enabled)
                .filter(entry -> entry.executors().containsKey(function))
                .findFirst();
    }

    /**
     * Calls {@code function} with its JSON arguments; the step holds the result or the error. {@code callId} names
     * the call in logs and traces. Throws {@link IllegalArgumentException} for a function no enabled tool set has.
     */
    public ToolStep call(String callId, String function, String arguments) {
        ToolCatalog.Entry entry = setOf(function)
                .orElseThrow(() -> new IllegalArgumentException("no enabled tool has the function '" + function + "'"));
        AgentRun run = new AgentRun(
                callId,
                Set.of(entry.name()),
                new AgentRun.Limits(1, Map.of(entry.name(), entry.tool().maxUses()), 1),
                List.of(),
                null,
                null,
                null,
                StepListener.NONE);
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id(callId)
                .name(function)
                .arguments(arguments)
                .build();
        InvocationContext context = InvocationContext.builder()
                .invocationParameters(run.asInvocationParameters())
                .build();
        new TracingToolExecutor(run, entry.name(), entry.executors().get(function), json, callTimeout)
                .executeWithContext(request, context);
        return run.steps().get(0);
    }
}
