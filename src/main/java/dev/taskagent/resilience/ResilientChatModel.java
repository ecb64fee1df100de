package dev.taskagent.resilience;

import static java.time.temporal.ChronoUnit.MILLIS;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.taskagent.config.TaskAgentConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The model as every task sees it: the OpenAI-compatible chat model, each call guarded, outermost first, by
 * <ul>
 * <li>a retry: up to {@code task-agent.model.retry.max-retries} more attempts on 429, 408, 5xx and broken or
 * refused connections, never on 400, 401, 402, 403; exponential backoff with jitter, or the endpoint's Retry-After
 * when it sent one (an endpoint that asks for longer than {@code max-retry-after} is answered at once); no attempt
 * starts after {@code max-duration};</li>
 * <li>a circuit breaker per model ({@value #BREAKER} for the default one): when {@code failure-ratio} of the last {@code request-volume} calls
 * found the endpoint down (5xx, timeouts, broken connections, malformed replies), calls fail at once for
 * {@code delay}, then trial calls decide whether it closes again;</li>
 * <li>a timeout of {@code task-agent.model.timeout} per attempt.</li>
 * </ul>
 * Guarding the model call, not the task, means a retry repeats one request to the model and never re-runs tools.
 * The SmallRye programmatic guard is used rather than annotations because the policy is read from
 * {@link TaskAgentConfig} and needs Retry-After, which only a backoff strategy that sees the failure can honour.
 * The client's own retries are switched off ({@link NoClientRetries}), so nothing retries twice.
 */
@ApplicationScoped
@Typed(ResilientChatModel.class)
public class ResilientChatModel implements ChatModel {

    /** Name of the circuit breaker, for {@code CircuitBreakerMaintenance}. */
    public static final String BREAKER = "model-endpoint";

    private static final Logger LOG = Logger.getLogger(ResilientChatModel.class);

    private final ChatModel delegate;
    private final TaskAgentConfig config;
    private final String defaultModel;
    private final Map<String, TypedGuard<ChatResponse>> guards = new ConcurrentHashMap<>();

    public ResilientChatModel(ChatModel delegate, TaskAgentConfig config) {
        this.delegate = delegate;
        this.config = config;
        this.defaultModel = config.model().name();
        guard(defaultModel);
    }

    /**
     * The guard of one model: each model has its own retries and circuit breaker, so that one model failing does not
     * pause the others. The default model's breaker is {@value #BREAKER}; another model's is {@code BREAKER:<id>}.
     */
    private TypedGuard<ChatResponse> guard(String model) {
        String id = model == null ? defaultModel : model;
        return guards.computeIfAbsent(id, key -> build(key.equals(defaultModel) ? BREAKER : BREAKER + ":" + key));
    }

    private TypedGuard<ChatResponse> build(String breakerName) {
        TaskAgentConfig.Retry retry = config.model().retry();
        TaskAgentConfig.CircuitBreaker breaker = config.model().circuitBreaker();
        return TypedGuard.create(ChatResponse.class)
                .withDescription("model call")
                .withRetry()
                .maxRetries(retry.maxRetries())
                .delay(retry.initialDelay().toMillis(), MILLIS)
                .jitter(0, MILLIS)
                .maxDuration(retry.maxDuration().toMillis(), MILLIS)
                .whenException(t -> ModelFailure.of(t).retryable(retry.maxRetryAfter()))
                .withCustomBackoff()
                .strategy(() -> new RetryBackoff(retry.maxDelay()))
                .done()
                .beforeRetry(t -> LOG.infof(
                        "model call failed (%s), retrying", ModelFailure.of(t).code()))
                .done()
                .withCircuitBreaker()
                .name(breakerName)
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), MILLIS)
                .successThreshold(breaker.successThreshold())
                .when(t -> ModelFailure.of(t).outage())
                .onStateChange(state -> LOG.infof("circuit breaker %s is %s", breakerName, state))
                .done()
                .withTimeout()
                .duration(config.model().timeout().toMillis(), MILLIS)
                .done()
                .build();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, ChatRequestOptions.EMPTY);
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        return guard(request.parameters() == null ? null : request.parameters().modelName())
                .get(() -> delegate.chat(request, options));
    }

    /**
     * Runs the attempts of a streamed call under the same retry and circuit breaker. Each attempt waits for its
     * stream on this thread and bounds itself; one that fails after handing text on throws
     * {@link StreamBrokenException}, which is not retried (the text cannot be taken back) but counts for the breaker.
     */
    public ChatResponse guardStreamed(String model, java.util.function.Supplier<ChatResponse> attempt) {
        return guard(model).get(attempt);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    /** The wrapped model notifies its listeners once per attempt; this wrapper adds none. */
    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }
}
