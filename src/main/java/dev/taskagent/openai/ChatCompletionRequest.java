package dev.taskagent.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Body of {@code POST /v1/chat/completions}, as OpenAI clients send it. Members this service does not use
 * (temperature, max_tokens, user…) are accepted and ignored, since clients send them unasked. {@code response_format}
 * ({@code json_schema} or {@code json_object}) asks for a typed answer, delivered as the message's JSON text.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        JsonNode tools,
        Integer n,
        @JsonProperty("response_format") JsonNode responseFormat) {

    /** One message; {@code content} is a string or an array of {@code text} and {@code image_url} parts. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            String role,
            JsonNode content,
            @JsonProperty("tool_calls") JsonNode toolCalls) {}

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(
            @JsonProperty("include_usage") Boolean includeUsage) {}
}
