package dev.taskagent.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The answer of a completed run, and its turn (input and answer) for a session to remember. A typed answer is in
     * {@code outputJson}, and {@code output} is its JSON text.
     */
    public record Answer(
            String output,
            JsonNode outputJson,
            List<ToolStep> steps,
            long inputTokens,
            long outputTokens,
            Conversation turn) {}

    private static final Pattern FENCED = Pattern.compile("^```(?:json)?\\s*(.*?)\\s*```$", Pattern.DOTALL);

    private final TaskAgent taskAgent;
    private final ToolCatalog catalog;
    private final ChatMemoryStore memory;
    private final ObjectMapper mapper;

    public Agent(TaskAgent taskAgent, ToolCatalog catalog, ChatMemoryStore memory, ObjectMapper mapper) {
        this.taskAgent = taskAgent;
        this.catalog = catalog;
        this.memory = memory;
        this.mapper = mapper;
    }

    /**
     * Runs the task to its answer, continuing {@code history}. With {@code streamed} the model's text reaches the run's
     * listener as it is written; otherwise in one piece once each model reply is there.
     * <p>
     * With an output schema the model answers through {@value OutputSchema#TOOL}; an answer that does not match (or
     * is given as text that is not matching JSON) is sent back once with the validation errors for a repair.
     * <p>
     * Stops with {@link ToolBudgetExhaustedException} or {@link RepeatedToolCallException} (the run's steps still hold
     * what ran), {@link InvalidOutputException} when the repaired answer still does not match,
     * {@link RunCancelledException}, or the model client's exceptions when the endpoint fails.
     */
    public Answer run(AgentRun run, Conversation history, AgentInput input, boolean streamed) {
        run.checkNotCancelled();
        Consumer<String> deltas = streamed ? run.listener()::outputDelta : null;
        CURRENT.set(new Current(run, deltas));
        try {
            if (!history.isEmpty()) {
                memory.updateMessages(run.id(), history.messages());
            }
            String instructions =
                    input.instructions() == null ? "" : input.instructions().strip();
            Result<String> result = taskAgent.run(
                    run.id(),
                    input.text(),
                    images(input),
                    describe(run),
                    toolGuide(),
                    instructions,
                    run.outputSchema() != null,
                    run.asInvocationParameters());
            long inputTokens = tokens(result.tokenUsage(), true);
            long outputTokens = tokens(result.tokenUsage(), false);
            String output = text(result);
            JsonNode json = null;
            if (run.outputSchema() != null) {
                AgentRun.TypedAnswer typed = typedAnswer(run, output, AgentRun.TypedAnswer.NONE);
                if (typed.accepted() == null) {
                    Result<String> repair = taskAgent.run(
                            run.id(),
                            repairRequest(typed.errors()),
                            List.of(),
                            describe(run),
                            toolGuide(),
                            instructions,
                            true,
                            run.asInvocationParameters());
                    inputTokens += tokens(repair.tokenUsage(), true);
                    outputTokens += tokens(repair.tokenUsage(), false);
                    typed = typedAnswer(run, text(repair), typed);
                }
                if (typed.accepted() == null) {
                    throw new InvalidOutputException(typed.lastAttempt(), typed.errors());
                }
                json = typed.accepted();
                output = json.toString();
            }
            Conversation turn =
                    Conversation.empty().user(rememberedInput(input)).assistant(output);
            return new Answer(output, json, run.steps(), inputTokens, outputTokens, turn);
        } finally {
            CURRENT.remove();
            ChatMemoryRemover.remove(taskAgent, run.id());
        }
    }

    /**
     * Where the typed answer stands after one round: the answer given through {@value OutputSchema#TOOL}, or else the
     * model's text, accepted when it is JSON that matches the schema. {@code before} is how the round started, to see
     * whether the model answered at all.
     */
    private AgentRun.TypedAnswer typedAnswer(AgentRun run, String text, AgentRun.TypedAnswer before) {
        AgentRun.TypedAnswer typed = run.typed();
        if (typed.accepted() != null || typed != before) {
            return typed;
        }
        if (text.isBlank()) {
            run.attempt(
                    before.lastAttempt() == null ? mapper.nullNode() : before.lastAttempt(),
                    List.of("no answer was given: call " + OutputSchema.TOOL + " with the answer as its arguments"));
            return run.typed();
        }
        JsonNode parsed = json(text);
        if (parsed == null || !parsed.isObject()) {
            run.attempt(
                    mapper.getNodeFactory().textNode(text),
                    List.of("the answer was written as text; call " + OutputSchema.TOOL
                            + " with the answer as its arguments instead"));
        } else {
            run.attempt(parsed, run.outputSchema().validate(parsed));
        }
        return run.typed();
    }

    private static String repairRequest(List<String> errors) {
        return "Your answer does not match the required schema:\n- " + String.join("\n- ", errors) + "\nCall "
                + OutputSchema.TOOL + " again, once, with arguments that fix these problems.";
    }

    /** The text as JSON, also when fenced as a Markdown code block; null when it is not JSON. */
    private JsonNode json(String text) {
        Matcher fenced = FENCED.matcher(text.strip());
        String candidate = fenced.matches() ? fenced.group(1) : text.strip();
        try {
            return mapper.readTree(candidate);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static String text(Result<String> result) {
        return result.content() == null ? "" : result.content();
    }

    static Current current() {
        return CURRENT.get();
    }

    /** The built-in tool sets as the system prompt explains them, whichever this task was given. */
    private String toolGuide() {
        return catalog.builtIn().stream()
                .map(entry -> entry.tool().promptGuide())
                .filter(guide -> !guide.isBlank())
                .collect(Collectors.joining("\n"));
    }

    private String describe(AgentRun run) {
        if (run.toolSets().isEmpty()) {
            return run.outputSchema() == null
                    ? "none: answer from your own knowledge"
                    : OutputSchema.TOOL + " only: answer from your own knowledge";
        }
        return catalog.all().stream()
                        .filter(entry -> run.toolSets().contains(entry.name()))
                        .flatMap(entry -> entry.functions().stream())
                        .map(ToolSpecification::name)
                        .collect(Collectors.joining(", "))
                + (run.outputSchema() == null ? "" : ", " + OutputSchema.TOOL);
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
