package dev.taskagent.agent;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.taskagent.tools.AgentTool;
import io.quarkiverse.langchain4j.runtime.ToolsRecorder;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools a task can reach: every {@link AgentTool} bean (a new tool is a new bean, nothing to list here), with the
 * function specifications and executors Quarkus generated for their {@code @Tool} methods at build time, and those of
 * each {@link ToolSource} (MCP servers' tools), asked again at every look-up since they change while the service runs.
 *
 * <p>The built-in tools' functions come from {@link ToolsRecorder}, which is quarkus-langchain4j's runtime and not
 * public API. The public route (a {@code ToolProvider}, which {@link TaskToolProvider} is) needs a
 * {@code ToolSpecification} and a {@code ToolExecutor} per function: building them by hand would repeat every
 * {@code @Tool}/{@code @P} description, and LangChain4j's reflective {@code DefaultToolExecutor} would bypass the
 * invokers and argument handling Quarkus generated at build time (and need reflection in the native image). So the
 * catalog reads the build-time metadata, in this one place; if the recorder changes, only {@link #build} does.
 */
@ApplicationScoped
public class ToolCatalog {

    /** One tool set: its bean and the functions the model sees. */
    public record Entry(AgentTool tool, List<ToolSpecification> functions, Map<String, ToolExecutor> executors) {

        public String name() {
            return tool.name();
        }

        public boolean enabled() {
            return tool.disabledReason().isEmpty();
        }
    }

    private final List<AgentTool> tools;
    private final List<ToolSource> sources;
    private volatile Map<String, Entry> entries;

    public ToolCatalog(@All List<AgentTool> tools, @All List<ToolSource> sources) {
        this.tools =
                tools.stream().sorted(Comparator.comparing(AgentTool::name)).toList();
        this.sources = List.copyOf(sources);
    }

    /** Every tool set, enabled or not, in a stable order: the built-in ones, then those of the sources. */
    public List<Entry> all() {
        List<Entry> all = new ArrayList<>(entries().values());
        sources.forEach(source -> all.addAll(source.entries()));
        return List.copyOf(all);
    }

    /** The tool sets built into the service, without those of the sources. */
    public List<Entry> builtIn() {
        return List.copyOf(entries().values());
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries().get(name))
                .or(() -> all().stream().filter(e -> e.name().equals(name)).findFirst());
    }

    /** Names of the tool sets usable now. */
    public List<String> enabledNames() {
        return all().stream().filter(Entry::enabled).map(Entry::name).toList();
    }

    private Map<String, Entry> entries() {
        Map<String, Entry> result = entries;
        if (result == null) {
            synchronized (this) {
                if (entries == null) {
                    entries = build();
                }
                result = entries;
            }
        }
        return result;
    }

    private Map<String, Entry> build() {
        Map<String, Entry> built = new LinkedHashMap<>();
        for (AgentTool tool : tools) {
            List<ToolSpecification> specifications = new ArrayList<>();
            Map<String, ToolExecutor> executors = new HashMap<>();
            ToolsRecorder.populateToolMetadata(List.of(tool), specifications, executors);
            if (specifications.isEmpty()) {
                throw new IllegalStateException("no @Tool methods found on " + tool.name());
            }
            built.put(tool.name(), new Entry(tool, List.copyOf(specifications), Map.copyOf(executors)));
        }
        return built;
    }
}
