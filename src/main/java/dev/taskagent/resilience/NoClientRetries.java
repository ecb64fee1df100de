package dev.taskagent.resilience;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkiverse.langchain4j.ModelBuilderCustomizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Switches off the OpenAI client's own retry loop ({@code quarkus.langchain4j.openai.max-retries} must be at least 1
 * and means one retry), so that {@link ResilientChatModel} alone decides what is retried and how often.
 */
@ApplicationScoped
public class NoClientRetries implements ModelBuilderCustomizer<OpenAiChatModel.OpenAiChatModelBuilder> {

    @Override
    public void customize(OpenAiChatModel.OpenAiChatModelBuilder builder) {
        builder.maxRetries(0);
    }
}
