package dev.taskagent.agent;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.taskagent.resilience.TaskRetries;
import io.quarkiverse.langchain4j.ChatMemoryRemover;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs one task through {@link TaskAgent} and hands back plain values: the answer, the steps, the token usage, and
 * the turn to remember. Callers never see LangChain4j types.
 * <p>
 * The task's memory (its id) starts as the conversation it continues, so the AI service sends earlier turns before
 * the new input, and is removed when the run ends. What the AI service cannot be handed per call travels with the
 * run on this thread ({@link #current()}): {@link ModelGate} reads it for reasoning effort, streamed text and
 * cancellation, {@link UnknownToolStrategy} for the trace.
 */
@ApplicationScoped
public class Agent {

    /**
     * The run on this thread, where its streamed text goes (null when the model answers in one piece), and the
     * retries its model calls have made (they share one allowance).
     */
    record Current(AgentRun run, Consumer<String> deltas, TaskRetries retries) {
        Current(AgentRun run, Consumer<String> deltas) {
            this(run, deltas, new TaskRetries());
        }
    }

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    /** The answer of a completed run, and its turn (input and answer) for a session to remember. */
    public record Answer(String output, List<ToolStep> steps, long inputTokens, long outputTokens, Conversation turn) {}

    private final TaskAgent taskAgent;
    private final ToolCatalog catalog;
    private final ChatMemoryStore memory;

    public Agent(TaskAgent taskAgent, ToolCatalog catalog, ChatMemoryStore memory) {
        this.taskAgent = taskAgent;
        this.catalog = catalog;
        this.memory = memory;
    }

    /**
     * Runs the task to its answer, continuing {@code history}. With {@code streamed} the model's text reaches the run's
     * listener as it is written; otherwise in one piece once each model reply is there.
     * <p>
     * Stops with {@link ToolBudgetExhaustedException} or {@link RepeatedToolCallException} (the run's steps still hold
     * what ran), {@link RunCancelledException}, or the model client's exceptions when the endpoint fails.
     */
    public Answer run(AgentRun run, Conversation history, AgentInput input, boolean streamed) {
        run.checkNotCancelled();
        Consumer<String> deltas = streamed ? run.listener()::outputDelta : null;
        CURRENT.set(new Current(run, deltas));
        try {
            if (!history.isEmpty()) {
                memory.updateMessages(run.id(), history.messages());
            }
            Result<String> result = taskAgent.run(
                    run.id(),
                    input.text(),
                    images(input),
                    describe(run),
                    input.instructions() == null ? "" : input.instructions().strip(),
                    run.asInvocationParameters());
            String output = result.content() == null ? "" : result.content();
            TokenUsage usage = result.tokenUsage();
            Conversation turn =
                    Conversation.empty().user(rememberedInput(input)).assistant(output);
            return new Answer(output, run.steps(), tokens(usage, true), tokens(usage, false), turn);
        } finally {
            CURRENT.remove();
            ChatMemoryRemover.remove(taskAgent, run.id());
        }
    }

    static Current current() {
        return CURRENT.get();
    }

    private String describe(AgentRun run) {
        if (run.toolSets().isEmpty()) {
            return "none: answer from your own knowledge";
        }
        return catalog.all().stream()
                .filter(entry -> run.toolSets().contains(entry.name()))
                .flatMap(entry -> entry.functions().stream())
                .map(ToolSpecification::name)
                .collect(Collectors.joining(", "));
    }

    private static List<Image> images(AgentInput input) {
        return input.images().stream()
                .map(image -> image.url() != null
                        ? Image.builder().url(image.url()).build()
                        : Image.builder()
                                .base64Data(image.base64Data())
                                .mimeType(image.mimeType())
                                .build())
                .toList();
    }

    /** A session keeps the text of an input, not its images, which would fill the memory fast. */
    private static String rememberedInput(AgentInput input) {
        int images = input.images().size();
        return images == 0
                ? input.text()
                : input.text() + "\n\n[" + images + (images == 1 ? " image was" : " images were") + " attached]";
    }

    private static long tokens(TokenUsage usage, boolean input) {
        Integer count = usage == null ? null : input ? usage.inputTokenCount() : usage.outputTokenCount();
        return count == null ? 0 : count;
    }
}
