package dev.taskagent.observability;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.TokenUsage;
import dev.taskagent.resilience.ModelFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Measures each HTTP call to the model (every attempt, retries included): latency, errors by code, tokens and their
 * estimated cost. Registered with the chat model by quarkus-langchain4j, like every {@link ChatModelListener} bean.
 */
@ApplicationScoped
public class ModelCallMetrics implements ChatModelListener {

    private static final String START = ModelCallMetrics.class.getName() + ".start";

    private final ServiceMetrics metrics;

    public ModelCallMetrics(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        context.attributes().put(START, System.nanoTime());
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        String model = model(context.chatRequest());
        metrics.modelCall(model, null, elapsed(context.attributes().get(START)));
        TokenUsage usage = context.chatResponse().tokenUsage();
        if (usage != null) {
            metrics.tokens(model, count(usage.inputTokenCount()), count(usage.outputTokenCount()));
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        metrics.modelCall(
                model(context.chatRequest()),
                ModelFailure.of(context.error()).code(),
                elapsed(context.attributes().get(START)));
    }

    /** The model the request went to: the id it names, which a task chose from the allowlist. */
    private static String model(ChatRequest request) {
        return request == null || request.parameters() == null
                ? null
                : request.parameters().modelName();
    }

    private static long elapsed(Object start) {
        return start instanceof Long nanos ? System.nanoTime() - nanos : 0;
    }

    private static long count(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }
}
