package dev.taskagent.config;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;

/**
 * Hands the model token to the chat model at run time. Passing it through {@code quarkus.langchain4j.openai.api-key}
 * would make the service refuse to start when the token is unset; this way it starts, and tasks fail with 503 until
 * the operator sets it.
 */
@ApplicationScoped
public class ModelTokenCustomizer implements ModelBuilderCustomizer<OpenAiChatModel.OpenAiChatModelBuilder> {

    private final TaskAgentConfig config;

    public ModelTokenCustomizer(TaskAgentConfig config) {
        this.config = config;
    }

    @Override
    public void customize(OpenAiChatModel.OpenAiChatModelBuilder builder) {
        withKey(config, builder::apiKey);
    }

    static void withKey(TaskAgentConfig config, Consumer<String> apiKey) {
        config.model().apiKey().filter(key -> !key.isBlank()).ifPresent(apiKey);
    }

    /** The same for the streaming chat model. */
    @ApplicationScoped
    public static class Streaming
            implements ModelBuilderCustomizer<OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder> {

        private final TaskAgentConfig config;

        public Streaming(TaskAgentConfig config) {
            this.config = config;
        }

        @Override
        public void customize(OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder) {
            withKey(config, builder::apiKey);
        }
    }
}
