package dev.taskagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.invocation.InvocationParameters;
import dev.taskagent.tools.ToolRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one task may use and what it did: the tool sets it was given, its limits, and the trace of every call in the
 * order it ran. Travels with each tool call as an invocation parameter, so tool beans see the run they serve.
 */
public final class AgentRun implements ToolRun {

    static final String PARAMETER = ToolRun.PARAMETER;

    private final String id;
    private final Set<String> toolSets;
    private final Limits limits;
    private final List<String> fetchAllowedDomains;
    private final String reasoningEffort;
    private final String model;
    private final OutputSchema outputSchema;
    private final StepListener listener;
    private final List<ToolStep> steps = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<Object, Integer> identicalCalls = new HashMap<>();
    private int started;
    private volatile boolean cancelled;
    private TypedAnswer typed = TypedAnswer.NONE;

    /**
     * Where the run's typed answer stands: the accepted answer once there is one; else the last attempt (the model's
     * arguments or text) and why it did not match.
     */
    public record TypedAnswer(JsonNode accepted, JsonNode lastAttempt, List<String> errors) {
        static final TypedAnswer NONE = new TypedAnswer(null, null, List.of());

        public TypedAnswer {
            errors = List.copyOf(errors);
        }
    }

    /** A page a tool read, for citations: the final URL after redirects, its status and title. */
    public record Source(String url, int status, String title) {}

    /**
     * The stops of a run: tool calls in all; calls per tool set (a set missing from the map is not limited); how often
     * the very same call may be made.
     */
    public record Limits(int maxToolCalls, Map<String, Integer> maxUses, int maxIdenticalCalls) {

        public Limits {
            maxUses = Map.copyOf(maxUses);
        }
    }

    /**
     * @param reasoningEffort sent upstream as {@code reasoning_effort}; null sends nothing
     * @param model the model the run talks to; null for the configured default
     * @param outputSchema the schema the answer must match; null for a free-text answer
     */
    public AgentRun(
            String id,
            Set<String> toolSets,
            Limits limits,
            List<String> fetchAllowedDomains,
            String reasoningEffort,
            String model,
            OutputSchema outputSchema,
            StepListener listener) {
        this.id = id;
        this.toolSets = Set.copyOf(toolSets);
        this.limits = limits;
        this.fetchAllowedDomains = fetchAllowedDomains == null ? List.of() : List.copyOf(fetchAllowedDomains);
        this.reasoningEffort = reasoningEffort;
        this.model = model;
        this.outputSchema = outputSchema;
        this.listener = listener == null ? StepListener.NONE : listener;
    }

    /** Run of the task a tool method was called for, from the invocation parameters it was handed. */
    public static AgentRun of(InvocationParameters parameters) {
        AgentRun run = parameters == null ? null : parameters.get(PARAMETER);
        if (run == null) {
            throw new IllegalStateException("the tool was called without an AgentRun");
        }
        return run;
    }

    public String id() {
        return id;
    }

    public Set<String> toolSets() {
        return toolSets;
    }

    public Limits limits() {
        return limits;
    }

    @Override
    public List<String> fetchAllowedDomains() {
        return fetchAllowedDomains;
    }

    public String reasoningEffort() {
        return reasoningEffort;
    }

    /** The model this run talks to; null for the configured default. */
    public String model() {
        return model;
    }

    /** The schema the answer must match; null for a free-text answer. */
    public OutputSchema outputSchema() {
        return outputSchema;
    }

    synchronized TypedAnswer typed() {
        return typed;
    }

    /** Records an attempt at the typed answer: accepted when {@code errors} is empty. */
    synchronized void attempt(JsonNode answer, List<String> errors) {
        if (typed.accepted() == null) {
            typed = errors.isEmpty()
                    ? new TypedAnswer(answer, answer, List.of())
                    : new TypedAnswer(null, answer, errors);
        }
    }

    StepListener listener() {
        return listener;
    }

    /** Asks the run to stop; it does at its next wait or step. Interrupting its thread is the caller's part. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void checkNotCancelled() {
        if (cancelled) {
            throw new RunCancelledException();
        }
    }

    @Override
    public synchronized void addSource(String url, int status, String title) {
        if (sources.stream().noneMatch(s -> s.url().equals(url))) {
            sources.add(new Source(url, status, title));
        }
    }

    /** Pages read so far, each once, in the order first read. */
    public synchronized List<Source> sources() {
        return List.copyOf(sources);
    }

    /** Steps recorded so far, in order. */
    public synchronized List<ToolStep> steps() {
        return List.copyOf(steps);
    }

    /**
     * Admits one more tool call and tells the listener, or stops the run: when the same call ({@code callKey}: function
     * and arguments) was already made as often as allowed, or the tool-call budget is spent.
     */
    void startStep(String tool, String arguments, Object callKey) {
        synchronized (this) {
            int identical = identicalCalls.merge(callKey, 1, Integer::sum);
            if (identical > limits.maxIdenticalCalls()) {
                throw new RepeatedToolCallException(tool, limits.maxIdenticalCalls());
            }
            if (started >= limits.maxToolCalls()) {
                throw new ToolBudgetExhaustedException(limits.maxToolCalls());
            }
            started++;
        }
        listener.started(tool, arguments);
    }

    /** Counts one more use of {@code toolSet}; false when that goes past the set's own limit. */
    synchronized boolean useWithinLimit(String toolSet) {
        return uses.merge(toolSet, 1, Integer::sum) <= maxUses(toolSet);
    }

    int maxUses(String toolSet) {
        return limits.maxUses().getOrDefault(toolSet, Integer.MAX_VALUE);
    }

    void finishStep(ToolStep step) {
        synchronized (this) {
            steps.add(step);
        }
        listener.completed(step);
    }

    InvocationParameters asInvocationParameters() {
        return InvocationParameters.from(PARAMETER, this);
    }
}
