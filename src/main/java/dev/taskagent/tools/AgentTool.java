package dev.taskagent.tools;

import java.util.Optional;

/**
 * A tool bean the model can be given: one named set of {@code @Tool} methods.
 * Implementations are thin adapters over plain, unit-tested cores.
 */
public interface AgentTool {

    /** Name clients use to select the tool, e.g. {@code calculator}. */
    String name();

    /** One-line description for clients listing the tools. */
    String summary();

    /** Calls of this tool set one task may make at most; a call past it gets an error, and the task goes on. */
    int maxUses();

    /**
     * How the system prompt describes this tool set to the model: one bullet ({@code - name: ...}), its limits as
     * configured; empty for none.
     */
    String promptGuide();

    /** Why the tool cannot be used with the current configuration; empty when it can. */
    default Optional<String> disabledReason() {
        return Optional.empty();
    }
}
