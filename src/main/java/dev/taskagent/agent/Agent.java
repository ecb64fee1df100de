package dev.taskagent.agent;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import io.quarkiverse.langchain4j.ChatMemoryRemover;

/**
 * Runs one task through {@link TaskAgent} and hands back plain values: the answer, the steps, the token usage.
 * Callers never see LangChain4j types.
 */
@ApplicationScoped
public class Agent {

    /** The run of the task on this thread, for the one hook that gets no invocation context (unknown tools). */
    private static final ThreadLocal<AgentRun> CURRENT = new ThreadLocal<>();

    /** The answer of a completed run. */
    public record Answer(String output, List<ToolStep> steps, long inputTokens, long outputTokens) {
    }

    private final TaskAgent taskAgent;
    private final ToolCatalog catalog;

    public Agent(TaskAgent taskAgent, ToolCatalog catalog) {
        this.taskAgent = taskAgent;
        this.catalog = catalog;
    }

    /**
     * Runs the task to its answer. Throws {@link ToolBudgetExhaustedException} when the model wants more tool calls
     * than allowed (the run's steps still hold what ran), and the model client's exceptions when the upstream fails.
     */
    public Answer run(AgentRun run, String input) {
        CURRENT.set(run);
        try {
            Result<String> result = taskAgent.run(run.id(), input, describe(run), run.asInvocationParameters());
            TokenUsage usage = result.tokenUsage();
            return new Answer(result.content(), run.steps(),
                    usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                    usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        } finally {
            CURRENT.remove();
            ChatMemoryRemover.remove(taskAgent, run.id());
        }
    }

    static AgentRun currentRun() {
        return CURRENT.get();
    }

    private String describe(AgentRun run) {
        if (run.toolSets().isEmpty()) {
            return "none: answer from your own knowledge";
        }
        return catalog.all().stream()
                .filter(entry -> run.toolSets().contains(entry.name()))
                .flatMap(entry -> entry.functions().stream())
                .map(spec -> spec.name())
                .collect(Collectors.joining(", "));
    }
}
