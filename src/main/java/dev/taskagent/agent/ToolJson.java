package dev.taskagent.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.List;

/** The JSON a tool call travels in: its arguments, compared to spot repeated calls, and its result, compacted. */
final class ToolJson {

    private final ObjectMapper mapper;

    ToolJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * What makes two tool calls the same call: the function, and arguments equal as JSON (member order and
     * whitespace do not matter); arguments that are not JSON are compared as text.
     */
    Object callKey(ToolExecutionRequest request) {
        String arguments = request.arguments() == null ? "" : request.arguments();
        Object value;
        try {
            value = arguments.isBlank() ? mapper.createObjectNode() : mapper.readTree(arguments);
        } catch (JsonProcessingException notJson) {
            value = arguments;
        }
        return List.of(request.name(), value);
    }

    /** Tool results are records serialised with indentation; the model reads them as well without, for fewer tokens. */
    String compact(String text) {
        if (text == null || text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
            return text;
        }
        try {
            return mapper.writeValueAsString(mapper.readTree(text));
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }
}
