package dev.taskagent.agent;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;

/**
 * The model called a function it was not given. The task goes on: the model is told which tools it has, and the
 * step records the error.
 */
@ApplicationScoped
public class UnknownToolStrategy implements Function<ToolExecutionRequest, ToolExecutionResultMessage> {

    @Override
    public ToolExecutionResultMessage apply(ToolExecutionRequest request) {
        String error = "unknown tool '" + request.name() + "'; use only the tools listed for this task";
        AgentRun run = Agent.currentRun();
        if (run != null) {
            run.reserveToolCall();
            run.started(request.name(), request.arguments());
            run.record(new ToolStep(request.name(), request.arguments(), null, error, 0));
        }
        return ToolExecutionResultMessage.from(request, "error: " + error);
    }
}
