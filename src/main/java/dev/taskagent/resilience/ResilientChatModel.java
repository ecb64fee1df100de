package dev.taskagent.resilience;

import static java.time.temporal.ChronoUnit.MILLIS;

import dev.langchain4j.data.message.AiMessage;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The model as every task sees it: the OpenAI-compatible chat model, each call guarded, outermost first, by
 * <ul>
 * <li>retries: up to {@code task-agent.model.retry.max-retries} more attempts on 429, 408, 5xx and broken or refused
 * connections, never on 400, 401, 402, 403 or a reply that is not a usable chat completion; exponential backoff with
 * jitter, or the endpoint's Retry-After when it sent one (an endpoint that asks for longer than
 * {@code max-retry-after} is answered at once); no attempt starts after {@code max-duration}. Retries are bounded
 * twice more: the calls of one task share {@code max-retries-per-task}, and all calls share a retry budget
 * ({@link RetryBudget}: at most {@code budget-ratio} of the requests plus {@code budget-reserve}), so a failing
 * endpoint never sees a retry storm;</li>
 * <li>a circuit breaker per model ({@value #BREAKER} for the default one, {@code BREAKER:<id>} for another, so one
 * model failing does not pause the others): when {@code failure-ratio} of the last {@code request-volume} calls
 * found the endpoint down (5xx, timeouts, broken connections, malformed replies), calls fail at once for
 * {@code delay}, then trial calls decide whether it closes again;</li>
 * <li>a timeout of {@code task-agent.model.timeout} per attempt.</li>
 * </ul>
 * Each reply is checked: one without a message, or with neither text nor a tool call, is an
 * {@link InvalidResponseException}, never an empty answer. Guarding the model call, not the task, means a retry
 * repeats one request to the model and never re-runs tools. The SmallRye programmatic guard gives the circuit
 * breaker and timeout; the retry loop is ours, because it must honour Retry-After whatever the attempt and draw on
 * budgets that span calls. The client's own retries are switched off ({@link NoClientRetries}).
 */
@ApplicationScoped
@Typed(ResilientChatModel.class)
public class ResilientChatModel implements ChatModel {

    /** Name of the circuit breaker, for {@code CircuitBreakerMaintenance}. */
    public static final String BREAKER = "model-endpoint";

    private static final Logger LOG = Logger.getLogger(ResilientChatModel.class);

    private final ChatModel delegate;
    private final TaskAgentConfig config;
    private final TaskAgentConfig.Retry retry;
    private final RetryBudget budget;
    private final String defaultModel;
    private final Map<String, TypedGuard<ChatResponse>> guards = new ConcurrentHashMap<>();

    public ResilientChatModel(ChatModel delegate, TaskAgentConfig config) {
        this.delegate = delegate;
        this.config = config;
        this.retry = config.model().retry();
        this.budget = new RetryBudget(retry.budgetRatio(), retry.budgetReserve());
        this.defaultModel = config.model().name();
        guard(defaultModel);
    }

    /** The circuit breaker and timeout of one model (null: the configured one). */
    private TypedGuard<ChatResponse> guard(String model) {
        String id = model == null ? defaultModel : model;
        return guards.computeIfAbsent(id, key -> build(key.equals(defaultModel) ? BREAKER : BREAKER + ":" + key));
    }

    private TypedGuard<ChatResponse> build(String breakerName) {
        TaskAgentConfig.CircuitBreaker breaker = config.model().circuitBreaker();
        return TypedGuard.create(ChatResponse.class)
                .withDescription("model call")
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
        return call(
                request.parameters() == null ? null : request.parameters().modelName(),
                () -> plainAttempt(request, options),
                new TaskRetries());
    }

    /** The model without any guard: one request per call, for attempts run through {@link #call}. */
    public ChatModel unguarded() {
        return delegate;
    }

    private ChatResponse plainAttempt(ChatRequest request, ChatRequestOptions options) {
        try {
            return delegate.chat(request, options);
        } catch (RuntimeException e) {
            throw ModelFailure.fromClient(e);
        }
    }

    /**
     * Runs the attempts of one model call: each under the circuit breaker and timeout, its reply checked, retried as
     * the policy and both budgets allow. Used for plain and streamed calls alike; a streamed attempt bounds itself
     * and throws {@link StreamBrokenException} once it has handed text on, which is never retried. Interrupted while
     * waiting to retry, it throws {@link CancellationException}.
     */
    public ChatResponse call(String model, Supplier<ChatResponse> attempt, TaskRetries task) {
        TypedGuard<ChatResponse> guard = guard(model);
        budget.requested();
        long deadline = System.nanoTime() + retry.maxDuration().toNanos();
        RetryBackoff backoff = new RetryBackoff(retry.maxDelay());
        backoff.init(retry.initialDelay().toMillis());
        for (int retries = 0; ; retries++) {
            try {
                return guard.get(() -> checked(attempt.get()));
            } catch (RuntimeException e) {
                ModelFailure failure = ModelFailure.of(e);
                if (!failure.retryable(retry.maxRetryAfter()) || retries >= retry.maxRetries()) {
                    throw e;
                }
                long delay = backoff.nextDelayInMillis(e);
                if (System.nanoTime() + delay * 1_000_000 > deadline) {
                    throw e;
                }
                if (!task.tryTake(retry.maxRetriesPerTask())) {
                    LOG.infof("model call failed (%s); not retried: the task's retries are spent", failure.code());
                    throw e;
                }
                if (!budget.tryRetry()) {
                    LOG.infof("model call failed (%s); not retried: the retry budget is spent", failure.code());
                    throw e;
                }
                LOG.infof("model call failed (%s), retrying in %d ms", failure.code(), delay);
                LOG.debugf(e, "model call failure retried");
                pause(delay, e);
            }
        }
    }

    /** A reply that is not an answer is an invalid response, never an empty answer. */
    static ChatResponse checked(ChatResponse response) {
        if (response == null) {
            throw new InvalidResponseException("there was no reply");
        }
        AiMessage message = response.aiMessage();
        if (message == null) {
            throw new InvalidResponseException("it holds no message");
        }
        if ((message.text() == null || message.text().isEmpty()) && !message.hasToolExecutionRequests()) {
            throw new InvalidResponseException("it holds neither text nor a tool call");
        }
        return response;
    }

    private static void pause(long millis, RuntimeException failure) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("cancelled while waiting to retry");
            cancelled.addSuppressed(failure);
            throw cancelled;
        }
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
