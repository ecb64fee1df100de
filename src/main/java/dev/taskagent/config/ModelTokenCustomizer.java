package dev.taskagent.config;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;

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
        config.model().apiKey().filter(key -> !key.isBlank()).ifPresent(builder::apiKey);
    }
}
