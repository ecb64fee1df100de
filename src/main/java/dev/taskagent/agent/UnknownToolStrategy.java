package dev.taskagent.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * The model called a function it was not given. The task goes on: the model is told which tools it has, and the
 * step records the error.
 */
@ApplicationScoped
public class UnknownToolStrategy implements Function<ToolExecutionRequest, ToolExecutionResultMessage> {

    private final ToolJson json;

    public UnknownToolStrategy(ObjectMapper mapper) {
        this.json = new ToolJson(mapper);
    }

    @Override
    public ToolExecutionResultMessage apply(ToolExecutionRequest request) {
        Agent.Current current = Agent.current();
        if (current == null) {
            // not within a task's run: nothing to record the step in
            return ToolExecutionResultMessage.from(
                    request, "error: " + TracingToolExecutor.UNKNOWN.formatted(request.name()));
        }
        return ToolExecutionResultMessage.from(request, TracingToolExecutor.unknown(current.run(), request, json));
    }
}
