package dev.taskagent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.taskagent.agent.Conversation;
import dev.taskagent.config.ModelCatalog;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a chat-completions request into a task: system (and developer) messages become extra instructions, earlier
 * user and assistant messages the conversation it continues, and the last message, which must be the user's, its
 * input with its images. The agent brings its own tools, so messages about a client's tools are refused.
 */
final class ChatRequests {

    private static final Set<String> REASONING_EFFORTS = Set.of("none", "high");
    /** What {@code json_object} asks for: any JSON object. */
    private static final JsonNode ANY_OBJECT =
            JsonNodeFactory.instance.objectNode().put("type", "object");

    private final String alias;
    private final ModelCatalog models;

    /** @param alias the model id that stands for the default model ({@code task-agent.openai.model-id}) */
    ChatRequests(String alias, ModelCatalog models) {
        this.alias = alias;
        this.models = models;
    }

    /** The model the request names: null for the alias (the default model), else an allowed id. */
    String model(ChatCompletionRequest request) {
        String model = request.model();
        if (model == null || model.isBlank()) {
            throw new TaskFailure.InvalidTask(
                    "'model' is required; allowed models: " + alias + ", " + models.ids() + " (GET /v1/models)",
                    "model");
        }
        if (model.equals(alias)) {
            return null;
        }
        if (models.find(model).isEmpty()) {
            throw new TaskFailure.InvalidTask(
                    "unknown model '" + model + "'; allowed models: " + alias + ", " + models.ids()
                            + " (GET /v1/models)",
                    "model");
        }
        return model;
    }

    /**
     * The schema {@code response_format} asks the answer to match: its {@code json_schema.schema}, any object for
     * {@code json_object}, none for {@code text} or no format.
     */
    static JsonNode outputSchema(ChatCompletionRequest request) {
        JsonNode format = request.responseFormat();
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText("");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> ANY_OBJECT;
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").path("schema");
                if (!schema.isObject()) {
                    throw new TaskFailure.InvalidTask(
                            "'response_format.json_schema.schema' is required: the JSON Schema of the answer",
                            "response_format");
                }
                yield schema;
            }
            default ->
                throw new TaskFailure.InvalidTask(
                        "'response_format.type' must be text, json_object or json_schema, not '" + type + "'",
                        "response_format");
        };
    }

    TaskSpec toTask(ChatCompletionRequest request) {
        if (request == null) {
            throw invalid("a JSON body with 'model' and 'messages' is required");
        }
        String model = model(request);
        if (request.tools() != null
                && !request.tools().isNull()
                && !request.tools().isEmpty()) {
            throw invalid("'tools' is not supported: the agent calls its own tools (listed at GET /v1/tools)");
        }
        if (request.n() != null && request.n() != 1) {
            throw invalid("'n' must be 1: the agent gives one answer");
        }
        if (request.reasoningEffort() != null && !REASONING_EFFORTS.contains(request.reasoningEffort())) {
            throw invalid("'reasoning_effort' must be none or high, not '" + request.reasoningEffort() + "'");
        }
        List<ChatCompletionRequest.Message> messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            throw invalid("'messages' must hold at least one message");
        }

        StringBuilder instructions = new StringBuilder();
        Conversation history = Conversation.empty();
        for (int i = 0; i < messages.size() - 1; i++) {
            ChatCompletionRequest.Message message = messages.get(i);
            Content content = content(i, message);
            switch (role(i, message)) {
                case "system", "developer" ->
                    instructions.append(instructions.isEmpty() ? "" : "\n\n").append(content.text());
                case "user" -> history = history.user(content.withImageNote());
                default -> history = history.assistant(content.text());
            }
        }
        int last = messages.size() - 1;
        ChatCompletionRequest.Message final_ = messages.get(last);
        if (!role(last, final_).equals("user")) {
            throw invalid("the last message must be the user's; messages[" + last + "] is '" + final_.role() + "'");
        }
        Content input = content(last, final_);
        return new TaskSpec(
                input.text(),
                null,
                null,
                null,
                null,
                input.images(),
                request.reasoningEffort(),
                null,
                history,
                instructions.isEmpty() ? null : instructions.toString(),
                model,
                outputSchema(request));
    }

    private static String role(int index, ChatCompletionRequest.Message message) {
        String role = message == null || message.role() == null ? "" : message.role();
        return switch (role) {
            case "system", "developer", "user" -> role;
            case "assistant" -> {
                if (message.toolCalls() != null
                        && !message.toolCalls().isNull()
                        && !message.toolCalls().isEmpty()) {
                    throw invalid("messages[" + index + "] carries tool_calls; the agent calls its own tools, so "
                            + "send the conversation as text");
                }
                yield role;
            }
            case "tool", "function" ->
                throw invalid("messages[" + index + "] has role '" + role
                        + "'; the agent calls its own tools, so send only system, user and assistant messages");
            default ->
                throw invalid(
                        "messages[" + index + "] has no valid role ('" + role + "'); use system, user or assistant");
        };
    }

    /** The text of a message and the images it carries. */
    private record Content(String text, List<String> images) {

        String withImageNote() {
            return images.isEmpty()
                    ? text
                    : text + "\n\n[" + images.size() + (images.size() == 1 ? " image was" : " images were")
                            + " attached]";
        }
    }

    private static Content content(int index, ChatCompletionRequest.Message message) {
        JsonNode content = message.content();
        if (content == null || content.isNull()) {
            return new Content("", List.of());
        }
        if (content.isTextual()) {
            return new Content(content.asText(), List.of());
        }
        if (!content.isArray()) {
            throw invalid("messages[" + index + "].content must be a string or an array of parts");
        }
        StringBuilder text = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            switch (type) {
                case "text" ->
                    text.append(text.isEmpty() ? "" : "\n")
                            .append(part.path("text").asText(""));
                case "image_url" -> {
                    JsonNode url = part.path("image_url");
                    images.add(url.isTextual() ? url.asText() : url.path("url").asText(""));
                }
                default ->
                    throw invalid("messages[" + index + "] has a content part of type '" + type
                            + "'; only text and image_url are supported");
            }
        }
        return new Content(text.toString(), images);
    }

    private static TaskFailure.InvalidTask invalid(String message) {
        return new TaskFailure.InvalidTask(message);
    }
}
