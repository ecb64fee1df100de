package dev.taskagent.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** A standard {@code chat.completion}: the agent's final answer as the assistant message. */
@RegisterForReflection
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    @RegisterForReflection
    public record Choice(
            int index,
            AssistantMessage message,
            @JsonProperty("finish_reason") String finishReason) {}

    @RegisterForReflection
    public record AssistantMessage(String role, String content) {}

    @RegisterForReflection
    public record Usage(
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("total_tokens") long totalTokens) {

        static Usage of(long prompt, long completion) {
            return new Usage(prompt, completion, prompt + completion);
        }
    }

    /** One {@code chat.completion.chunk} of a streamed completion. */
    @RegisterForReflection
    public record Chunk(
            String id,
            String object,
            long created,
            String model,
            List<ChunkChoice> choices,
            @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

    /** {@code finish_reason} is null until the last chunk, and sent as null, as OpenAI does. */
    @RegisterForReflection
    public record ChunkChoice(
            int index,
            Delta delta,
            @JsonProperty("finish_reason") String finishReason) {}

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {}
}
