package dev.taskagent.tools;

import dev.langchain4j.invocation.InvocationParameters;
import java.util.List;

/**
 * The part of a task's run a tool may see: what the task allowed and where the tool reports the pages it read. The
 * agent's run implements it and travels to the tool method as the invocation parameter {@link #PARAMETER} (the one
 * per-call value quarkus-langchain4j hands a {@code @Tool} method); tools read it with {@link #of}. An interface here
 * so the tools do not depend on the agent that calls them.
 */
public interface ToolRun {

    /** Key of the run among a tool call's invocation parameters. */
    String PARAMETER = "task-agent.run";

    /** Domains this task narrowed http_fetch to; empty when it did not narrow. */
    List<String> fetchAllowedDomains();

    /** Records a page the tool read, for the answer's citations: final URL after redirects, status, title. */
    void addSource(String url, int status, String title);

    /** Run of the task a tool method was called for, from the invocation parameters it was handed. */
    static ToolRun of(InvocationParameters parameters) {
        ToolRun run = parameters == null ? null : parameters.get(PARAMETER);
        if (run == null) {
            throw new IllegalStateException("the tool was called without the run of a task");
        }
        return run;
    }
}
