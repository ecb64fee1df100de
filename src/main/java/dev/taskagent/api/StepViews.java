package dev.taskagent.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.taskagent.agent.ToolStep;

/** Turns internal tool steps into their API form; arguments are shown as JSON when the model sent valid JSON. */
@ApplicationScoped
class StepViews {

    private final ObjectMapper mapper;

    StepViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<TaskResponse.Step> of(List<ToolStep> steps) {
        return steps.stream().map(this::of).toList();
    }

    private TaskResponse.Step of(ToolStep step) {
        return new TaskResponse.Step("tool_call", step.tool(), arguments(step.arguments()), step.result(),
                step.error(), step.durationMs());
    }

    private JsonNode arguments(String raw) {
        if (raw == null || raw.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(raw);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(raw);
        }
    }
}
