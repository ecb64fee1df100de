package dev.taskagent.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.langchain4j.invocation.InvocationParameters;

/**
 * What one task may use and what it did: the tool sets it was given, its tool-call budget, and the trace of every
 * call in the order it ran. Travels with the AI-service call as an invocation parameter, so the tool provider and
 * executors of that call (and no other) see it.
 */
public final class AgentRun {

    static final String PARAMETER = "task-agent.run";

    private final String id;
    private final Set<String> toolSets;
    private final int maxToolCalls;
    private final List<String> fetchAllowedDomains;
    private final List<ToolStep> steps = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final StepListener listener;

    /** A page a tool read, for citations: the final URL after redirects, its status and title. */
    public record Source(String url, int status, String title) {
    }

    public AgentRun(String id, Set<String> toolSets, int maxToolCalls, List<String> fetchAllowedDomains,
            StepListener listener) {
        this.id = id;
        this.listener = listener == null ? StepListener.NONE : listener;
        this.toolSets = Set.copyOf(toolSets);
        this.maxToolCalls = maxToolCalls;
        this.fetchAllowedDomains = fetchAllowedDomains == null ? List.of() : List.copyOf(fetchAllowedDomains);
    }

    /** Run of the task a tool method was called for, from the invocation parameters it was handed. */
    public static AgentRun of(InvocationParameters parameters) {
        return from(parameters);
    }

    public String id() {
        return id;
    }

    public Set<String> toolSets() {
        return toolSets;
    }

    public int maxToolCalls() {
        return maxToolCalls;
    }

    /** Domains this task narrowed http_fetch to; empty when it did not narrow. */
    public List<String> fetchAllowedDomains() {
        return fetchAllowedDomains;
    }

    /** Counts one more use of {@code tool} and returns the count including it. */
    public synchronized int countUse(String tool) {
        return uses.merge(tool, 1, Integer::sum);
    }

    public synchronized void addSource(Source source) {
        if (sources.stream().noneMatch(s -> s.url().equals(source.url()))) {
            sources.add(source);
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

    /** Reserves one call of the budget, or stops the run when it is spent. */
    synchronized void reserveToolCall() {
        if (steps.size() >= maxToolCalls) {
            throw new ToolBudgetExhaustedException(maxToolCalls);
        }
    }

    void started(String tool, String arguments) {
        listener.started(tool, arguments);
    }

    void record(ToolStep step) {
        synchronized (this) {
            steps.add(step);
        }
        listener.completed(step);
    }

    InvocationParameters asInvocationParameters() {
        return InvocationParameters.from(PARAMETER, this);
    }

    static AgentRun from(InvocationParameters parameters) {
        AgentRun run = parameters == null ? null : parameters.get(PARAMETER);
        if (run == null) {
            throw new IllegalStateException("the task agent was called without an AgentRun");
        }
        return run;
    }
}
