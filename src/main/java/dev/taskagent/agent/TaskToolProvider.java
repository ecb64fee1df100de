package dev.taskagent.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ReturnBehavior;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import dev.taskagent.config.TaskAgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Gives each task exactly the tool sets it asked for, each function wrapped so its calls are budgeted and traced,
 * and, for a typed answer, the function {@value OutputSchema#TOOL} whose parameters are the task's output schema.
 * A static {@code tools = ...} list cannot be narrowed per call, which a task's {@code tools} subset needs.
 */
@ApplicationScoped
public class TaskToolProvider implements ToolProvider {

    private final ToolCatalog catalog;
    private final ToolJson json;
    private final Duration callTimeout;
    private final ObjectMapper mapper;

    public TaskToolProvider(ToolCatalog catalog, ObjectMapper mapper, TaskAgentConfig config) {
        this.catalog = catalog;
        this.json = new ToolJson(mapper);
        this.callTimeout = config.tools().callTimeout();
        this.mapper = mapper;
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        AgentRun run = AgentRun.of(request.invocationParameters());
        ToolProviderResult.Builder result = ToolProviderResult.builder();
        for (String name : run.toolSets()) {
            ToolCatalog.Entry entry = catalog.find(name).orElseThrow();
            entry.functions()
                    .forEach(spec -> result.add(
                            spec,
                            new TracingToolExecutor(run, name, entry.executors().get(spec.name()), json, callTimeout)));
        }
        if (run.outputSchema() != null) {
            // the answer ends the loop at once; Agent then takes it or asks for the one repair
            result.add(
                    run.outputSchema().toolSpecification(),
                    new FinalAnswerExecutor(run, mapper),
                    ReturnBehavior.IMMEDIATE);
        }
        return result.build();
    }

    /** Attaches this provider to {@link TaskAgent}. */
    @ApplicationScoped
    public static class Supplier implements java.util.function.Supplier<ToolProvider> {

        private final TaskToolProvider provider;

        public Supplier(TaskToolProvider provider) {
            this.provider = provider;
        }

        @Override
        public ToolProvider get() {
            return provider;
        }
    }
}
