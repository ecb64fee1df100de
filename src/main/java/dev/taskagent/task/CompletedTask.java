package dev.taskagent.task;

import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.ToolStep;
import java.util.List;

/** A task that ran to its answer. */
public record CompletedTask(
        String id,
        String output,
        List<ToolStep> steps,
        List<AgentRun.Source> sources,
        long inputTokens,
        long outputTokens,
        String model,
        long durationMs) {}
