package dev.taskagent.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.util.List;

/**
 * Receives the model's typed answer ({@value OutputSchema#TOOL}): checks the arguments against the run's schema and
 * records the attempt on the run. The call ends the AI service's loop at once (immediate return); {@link Agent} then
 * takes the accepted answer, or asks once for a repair.
 */
final class FinalAnswerExecutor implements ToolExecutor {

    private final AgentRun run;
    private final ObjectMapper mapper;

    FinalAnswerExecutor(AgentRun run, ObjectMapper mapper) {
        this.run = run;
        this.mapper = mapper;
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
        return executeWithContext(request, null).resultText();
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        run.checkNotCancelled();
        JsonNode answer;
        List<String> errors;
        try {
            answer = mapper.readTree(request.arguments() == null ? "" : request.arguments());
            errors = answer == null || answer.isMissingNode()
                    ? List.of("the arguments are empty; give the answer as a JSON object")
                    : run.outputSchema().validate(answer);
        } catch (JsonProcessingException e) {
            answer = mapper.getNodeFactory().textNode(request.arguments());
            errors = List.of("the arguments are not valid JSON");
        }
        run.attempt(answer, errors);
        if (errors.isEmpty()) {
            return ToolExecutionResult.builder().resultText("accepted").build();
        }
        return ToolExecutionResult.builder()
                .isError(true)
                .resultText("error: the answer does not match the schema: " + String.join("; ", errors))
                .build();
    }
}
