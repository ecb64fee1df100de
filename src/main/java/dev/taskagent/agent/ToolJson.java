package dev.taskagent.agent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.List;
import java.util.Optional;

/** The JSON a tool call travels in: its arguments, compared to spot repeated calls, and its result, compacted. */
final class ToolJson {

    private final ObjectMapper mapper;
    private final ObjectReader strict;

    ToolJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.strict = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Why the model's arguments cannot be given to a tool, in one short line (never the arguments themselves), or
     * empty when they are a JSON object (or absent, which means no arguments).
     */
    Optional<String> argumentsProblem(ToolExecutionRequest request) {
        String arguments = request.arguments();
        if (arguments == null || arguments.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode value = strict.readTree(arguments);
            return value != null && value.isObject() ? Optional.empty() : Optional.of("not a JSON object");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return Optional.of(
                    at == null
                            ? "not valid JSON"
                            : "not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
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
