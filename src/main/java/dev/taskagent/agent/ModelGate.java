package dev.taskagent.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.http.ContextCarrier;
import dev.taskagent.resilience.AnswerTooLargeException;
import dev.taskagent.resilience.ModelFailure;
import dev.taskagent.resilience.ResilientChatModel;
import dev.taskagent.resilience.StreamBrokenException;
import dev.taskagent.resilience.TaskRetries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The chat model of {@link TaskAgent}: every model call of every task goes through here. At most
 * {@code task-agent.model.max-concurrent-calls} are in flight, later callers wait their turn (on virtual threads, so
 * waiting is cheap); a model with a cap of its own ({@code task-agent.models."<id>".max-concurrent-calls}) has at
 * most that many of them, and a call waiting for its model's turn holds none of the shared ones. A call answered in
 * one piece goes through {@link ResilientChatModel} (timeout per attempt, retries, circuit breaker); a streamed call
 * goes through the same retry and circuit breaker, each attempt bounded by
 * {@code task-agent.model.timeout}, and is retried only while it has handed on no text.
 * <p>
 * A waiting caller can be interrupted (that is how a task is cancelled); it then stops waiting at once. The
 * LangChain4j clients offer no way to abort a request already sent, so a call given up on finishes in the background
 * and keeps its permit until it does, which keeps the count of calls the endpoint sees honest.
 */
@ApplicationScoped
@Typed(ModelGate.class)
public class ModelGate implements ChatModel {

    private final ChatModel blocking;
    private final StreamingChatModel streaming;
    private final Semaphore permits;
    private final String defaultModel;
    private final Map<String, Semaphore> modelPermits;
    private final Duration timeout;
    private final UnaryOperator<Runnable> carrier;
    private final ModelCalls guard;
    private final int maxAnswerChars;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    @Inject
    public ModelGate(ResilientChatModel blocking, StreamingChatModel streaming, TaskAgentConfig config) {
        this(
                blocking.unguarded(),
                streaming,
                Caps.of(config),
                config.model().timeout(),
                ContextCarrier::carry,
                blocking::call,
                config.model().maxAnswerChars());
    }

    /** How many model calls may be in flight: over all models, and for each model that has a cap of its own. */
    record Caps(int total, String defaultModel, Map<String, Integer> perModel) {

        /** Only the shared cap. */
        static Caps of(int total) {
            return new Caps(total, null, Map.of());
        }

        static Caps of(TaskAgentConfig config) {
            Map<String, Integer> perModel = new HashMap<>();
            config.models().forEach((id, model) -> model.maxConcurrentCalls().ifPresent(cap -> perModel.put(id, cap)));
            return new Caps(config.model().maxConcurrentCalls(), config.model().name(), perModel);
        }
    }

    /**
     * @param blocking the model answering in one piece, one request per call
     * @param carrier hands the caller's trace context and request id to the thread of a call
     * @param guard runs the attempts of a call to the named model (retries within the task's and the service's budgets,
     *     the model's circuit breaker)
     * @param maxAnswerChars a streamed answer longer than this is cut off and fails
     */
    ModelGate(
            ChatModel blocking,
            StreamingChatModel streaming,
            Caps caps,
            Duration timeout,
            UnaryOperator<Runnable> carrier,
            ModelCalls guard,
            int maxAnswerChars) {
        this.blocking = blocking;
        this.streaming = streaming;
        this.permits = new Semaphore(caps.total(), true);
        this.defaultModel = caps.defaultModel();
        Map<String, Semaphore> perModel = new HashMap<>();
        caps.perModel().forEach((id, cap) -> perModel.put(id, new Semaphore(cap, true)));
        this.modelPermits = Map.copyOf(perModel);
        this.timeout = timeout;
        this.carrier = carrier;
        this.guard = guard;
        this.maxAnswerChars = maxAnswerChars;
    }

    /** Model calls holding a permit now (sent and not yet finished). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Callers waiting for a permit now. */
    public int waiting() {
        return waiting.get();
    }

    /**
     * Sends one request and waits for the whole response. With {@code deltas} the response is streamed and each
     * piece of text is handed over as it arrives (on an I/O thread); without, the endpoint answers in one piece.
     */
    ChatResponse call(ChatRequest request, Consumer<String> deltas, TaskRetries retries) {
        Permit permit = acquire(modelOf(request));
        if (deltas != null) {
            try {
                return guard.call(modelOf(request), () -> streamOnce(request, deltas, permit), retries);
            } catch (CancellationException e) {
                throw new RunCancelledException();
            } finally {
                permit.release();
            }
        }
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        Runnable ended = permit.hold();
        try {
            Thread.ofVirtual().name("virtual-model-call").start(carrier.apply(() -> {
                try {
                    done.complete(guard.call(modelOf(request), () -> plainOnce(request), retries));
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                } finally {
                    ended.run();
                }
            }));
        } catch (RuntimeException e) {
            ended.run();
            throw e;
        } finally {
            permit.release();
        }
        // the resilient model bounds its own attempts
        return await(done, false, ended);
    }

    private ChatResponse plainOnce(ChatRequest request) {
        try {
            ChatResponse response = blocking.chat(request);
            int length = answerLength(response);
            if (length > maxAnswerChars) {
                throw new AnswerTooLargeException(maxAnswerChars);
            }
            return response;
        } catch (RuntimeException e) {
            throw ModelFailure.fromClient(e);
        }
    }

    private static int answerLength(ChatResponse response) {
        AiMessage message = response == null ? null : response.aiMessage();
        if (message == null) {
            return 0;
        }
        int length = message.text() == null ? 0 : message.text().length();
        for (ToolExecutionRequest call : message.toolExecutionRequests()) {
            length += call.arguments() == null ? 0 : call.arguments().length();
        }
        return length;
    }

    /**
     * One attempt of a streamed call, waiting on the caller's thread for its end; text goes on while the caller
     * waits. An attempt that fails after handing text on fails with {@link StreamBrokenException}, which is never
     * retried: the client already has that text.
     */
    private ChatResponse streamOnce(ChatRequest request, Consumer<String> deltas, Permit permit) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        AtomicBoolean spoke = new AtomicBoolean();
        Runnable ended = permit.hold();
        try {
            streaming.chat(
                    request,
                    new Handler(
                            done,
                            text -> {
                                spoke.set(true);
                                deltas.accept(text);
                            },
                            ended,
                            maxAnswerChars));
        } catch (RuntimeException e) {
            ended.run();
            throw ModelFailure.fromClient(e);
        }
        try {
            return await(done, true, ended);
        } catch (RunCancelledException | dev.langchain4j.exception.TimeoutException e) {
            throw e;
        } catch (RuntimeException e) {
            throw spoke.get() ? new StreamBrokenException(e) : e;
        }
    }

    /**
     * Waits for an attempt's answer. An attempt given up for its time lets its permit go (the endpoint may never end
     * it); one given up because the task was cancelled keeps it until the endpoint is done with it.
     */
    private ChatResponse await(CompletableFuture<ChatResponse> done, boolean bounded, Runnable ended) {
        try {
            return bounded ? done.get(timeout.toNanos(), TimeUnit.NANOSECONDS) : done.get();
        } catch (TimeoutException e) {
            done.cancel(false);
            ended.run();
            throw new dev.langchain4j.exception.TimeoutException(
                    "the model endpoint did not answer within " + timeout.toSeconds() + "s");
        } catch (InterruptedException | CancellationException e) {
            done.cancel(false);
            throw new RunCancelledException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * One model call of the task running on this thread (the AI service calls its model on the caller's thread):
     * refused at once when the run was cancelled, sent to the run's model with its {@code reasoning_effort}, and streamed to the
     * run's listener when the run asked for streamed text. A call outside any run goes straight through the gate.
     */
    @Override
    public ChatResponse chat(ChatRequest request) {
        Agent.Current current = Agent.current();
        if (current == null) {
            return call(request, null, new TaskRetries());
        }
        current.run().checkNotCancelled();
        ChatResponse response = call(
                forRun(request, current.run().model(), current.run().reasoningEffort()),
                current.deltas(),
                current.retries());
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        if (current.deltas() == null && text != null && !text.isEmpty()) {
            current.run().listener().outputDelta(text);
        }
        return response;
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        return chat(request);
    }

    /** The model a request names, null for the configured one. */
    private static String modelOf(ChatRequest request) {
        return request.parameters() == null ? null : request.parameters().modelName();
    }

    /** Runs the attempts of one call to the named model (null: the configured one). */
    @FunctionalInterface
    interface ModelCalls {
        ChatResponse call(String model, java.util.function.Supplier<ChatResponse> attempt, TaskRetries retries);
    }

    /**
     * Sends the request to the run's model (null: the configured one) with its {@code reasoning_effort} (null: none);
     * the endpoint's client sends both as they are.
     */
    static ChatRequest forRun(ChatRequest request, String model, String effort) {
        if (model == null && effort == null) {
            return request;
        }
        OpenAiChatRequestParameters.Builder parameters =
                OpenAiChatRequestParameters.builder().overrideWith(request.parameters());
        if (model != null) {
            parameters.modelName(model);
        }
        if (effort != null) {
            parameters.reasoningEffort(effort);
        }
        return ChatRequest.builder()
                .messages(request.messages())
                .parameters(parameters.build())
                .build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return blocking.defaultRequestParameters();
    }

    /** The models behind the gate notify their own listeners, once per attempt. */
    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return blocking.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return blocking.supportedCapabilities();
    }

    /** Takes the model's own permit when it has a cap of its own, then one of the shared permits. */
    private Permit acquire(String model) {
        String id = model != null ? model : defaultModel;
        Semaphore own = id == null ? null : modelPermits.get(id);
        waiting.incrementAndGet();
        try {
            if (own != null) {
                own.acquire();
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                if (own != null) {
                    own.release();
                }
                throw e;
            }
        } catch (InterruptedException e) {
            throw new RunCancelledException();
        } finally {
            waiting.decrementAndGet();
        }
        inFlight.incrementAndGet();
        return new Permit(own);
    }

    /**
     * One taken permit (with its model's own, if any), given back when its call is over and no attempt of it still
     * talks to the endpoint: the call holds it, and so does each attempt until its answer ends (or it is given up for
     * its time).
     */
    private final class Permit {
        private final AtomicInteger holders = new AtomicInteger(1);
        private final Semaphore own;

        Permit(Semaphore own) {
            this.own = own;
        }

        /** One more holder; the returned hold is let go exactly once, however often it is called. */
        Runnable hold() {
            holders.incrementAndGet();
            AtomicBoolean let = new AtomicBoolean();
            return () -> {
                if (let.compareAndSet(false, true)) {
                    release();
                }
            };
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                inFlight.decrementAndGet();
                permits.release();
                if (own != null) {
                    own.release();
                }
            }
        }
    }

    /**
     * Forwards text while someone waits for it, and completes the call with the final response or the error. Counts
     * what the endpoint streams (text and tool-call arguments): past {@code maxChars} it cancels the stream, which
     * closes the connection, and fails the call, so neither the answer nor the client's copy of it grows further.
     */
    private static final class Handler implements StreamingChatResponseHandler {
        private final CompletableFuture<ChatResponse> done;
        private final Consumer<String> deltas;
        private final Runnable ended;
        private final int maxChars;
        private final AtomicLong received = new AtomicLong();

        Handler(CompletableFuture<ChatResponse> done, Consumer<String> deltas, Runnable ended, int maxChars) {
            this.done = done;
            this.deltas = deltas;
            this.ended = ended;
            this.maxChars = maxChars;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            if (withinLimit(partial.text(), context.streamingHandle()) && !done.isDone()) {
                deltas.accept(partial.text());
            }
        }

        @Override
        public void onPartialResponse(String text) {
            if (withinLimit(text, null) && !done.isDone()) {
                deltas.accept(text);
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
            withinLimit(call.partialArguments(), context.streamingHandle());
        }

        private boolean withinLimit(String piece, StreamingHandle handle) {
            if (piece == null || received.addAndGet(piece.length()) <= maxChars) {
                return true;
            }
            if (handle != null) {
                handle.cancel();
            }
            ended.run();
            done.completeExceptionally(new AnswerTooLargeException(maxChars));
            return false;
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            ended.run();
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            ended.run();
            done.completeExceptionally(ModelFailure.fromClient(error));
        }
    }

    /** Attaches the gate to the task agent. */
    @ApplicationScoped
    public static class Supplier implements java.util.function.Supplier<ChatModel> {

        private final ModelGate gate;

        public Supplier(ModelGate gate) {
            this.gate = gate;
        }

        @Override
        public ChatModel get() {
            return gate;
        }
    }
}
