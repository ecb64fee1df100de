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
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The model as every task sees it: the OpenAI-compatible chat model, each call guarded, outermost first, by
 * <ul>
 * <li>a retry: up to {@code task-agent.model.retry.max-retries} more attempts on 429, 408, 5xx and broken or
 * refused connections, never on 400, 401, 402, 403; exponential backoff with jitter, or the endpoint's Retry-After
 * when it sent one (an endpoint that asks for longer than {@code max-retry-after} is answered at once); no attempt
 * starts after {@code max-duration};</li>
 * <li>a circuit breaker ({@value #BREAKER}): when {@code failure-ratio} of the last {@code request-volume} calls
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
    private final TypedGuard<ChatResponse> guard;

    public ResilientChatModel(ChatModel delegate, TaskAgentConfig config) {
        this.delegate = delegate;
        TaskAgentConfig.Retry retry = config.model().retry();
        TaskAgentConfig.CircuitBreaker breaker = config.model().circuitBreaker();
        this.guard = TypedGuard.create(ChatResponse.class)
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
                .name(BREAKER)
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), MILLIS)
                .successThreshold(breaker.successThreshold())
                .when(t -> ModelFailure.of(t).outage())
                .onStateChange(state -> LOG.infof("model endpoint circuit breaker is %s", state))
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
        return guard.get(() -> delegate.chat(request, options));
    }

    /**
     * Runs the attempts of a streamed call under the same retry and circuit breaker. Each attempt waits for its
     * stream on this thread and bounds itself; one that fails after handing text on throws
     * {@link StreamBrokenException}, which is not retried (the text cannot be taken back) but counts for the breaker.
     */
    public ChatResponse guardStreamed(java.util.function.Supplier<ChatResponse> attempt) {
        return guard.get(attempt);
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
