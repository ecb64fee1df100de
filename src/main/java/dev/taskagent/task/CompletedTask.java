package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.ToolStep;
import java.util.List;

/**
 * A task that ran to its answer: {@code output} is its text (for a typed answer, the JSON of {@code outputJson},
 * which is null otherwise); {@code costUsd} is estimated with the prices of the model it ran on.
 */
public record CompletedTask(
        String id,
        String output,
        JsonNode outputJson,
        List<ToolStep> steps,
        List<AgentRun.Source> sources,
        long inputTokens,
        long outputTokens,
        double costUsd,
        String model,
        long durationMs) {}
