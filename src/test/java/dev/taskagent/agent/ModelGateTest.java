package dev.taskagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.taskagent.resilience.StreamBrokenException;
import dev.taskagent.resilience.TaskRetries;
import dev.taskagent.support.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModelGateTest {

    static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();
    static final ChatResponse ANSWER =
            ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();

    /** A blocking model that answers only when the test lets it. */
    static final class HeldModel implements ChatModel {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            calls.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ANSWER;
        }
    }

    /** A streaming model that keeps the handler, for the test to drive. */
    static final class HeldStream implements StreamingChatModel {
        final AtomicReference<StreamingChatResponseHandler> handler = new AtomicReference<>();

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            this.handler.set(handler);
        }
    }

    /** A gate on these models that hands no context over and lets answers of any length through. */
    static ModelGate gate(
            ChatModel model,
            StreamingChatModel stream,
            ModelGate.Caps caps,
            Duration timeout,
            ModelGate.ModelCalls guard) {
        return new ModelGate(model, stream, caps, timeout, work -> work, guard, Integer.MAX_VALUE);
    }

    @Test
    void letsTheConfiguredNumberOfCallsThroughAndMakesTheRestWait() throws Exception {
        // given
        HeldModel model = new HeldModel();
        ModelGate gate = gate(model, new HeldStream(), ModelGate.Caps.of(1), Duration.ofSeconds(10), NO_GUARD);

        // when
        CompletableFuture<ChatResponse> first =
                CompletableFuture.supplyAsync(() -> gate.call(REQUEST, null, new TaskRetries()));
        Poll.until(model.calls::get, n -> n == 1, "the first call to reach the model");
        CompletableFuture<ChatResponse> second =
                CompletableFuture.supplyAsync(() -> gate.call(REQUEST, null, new TaskRetries()));
        Poll.until(gate::waiting, n -> n == 1, "the second call to wait");

        // then
        assertEquals(1, model.calls.get(), "the second call has not reached the model");
        assertEquals(1, gate.inFlight());
        model.release.countDown();
        assertEquals(ANSWER, first.get(10, TimeUnit.SECONDS));
        assertEquals(ANSWER, second.get(10, TimeUnit.SECONDS));
        assertEquals(2, model.calls.get());
        Poll.until(gate::inFlight, n -> n == 0, "both permits to be given back");
    }

    @Test
    void capsAModelWithACapOfItsOwnWithoutHoldingUpTheOthers() throws Exception {
        // given: four calls at once over all models, one at a time on the default model
        HeldModel model = new HeldModel();
        ModelGate gate = gate(
                model,
                new HeldStream(),
                new ModelGate.Caps(4, "a/default", Map.of("a/default", 1)),
                Duration.ofSeconds(10),
                NO_GUARD);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // when: the default model is asked twice (once by its id), then another model
            Future<ChatResponse> first = callers.submit(() -> gate.call(REQUEST, null, new TaskRetries()));
            Poll.until(model.calls::get, n -> n == 1, "the first call to reach the model");
            Future<ChatResponse> second = callers.submit(
                    () -> gate.call(ModelGate.forRun(REQUEST, "a/default", null), null, new TaskRetries()));
            Poll.until(gate::waiting, n -> n == 1, "the second call to the default model to wait");
            Future<ChatResponse> other = callers.submit(
                    () -> gate.call(ModelGate.forRun(REQUEST, "b/other", null), null, new TaskRetries()));

            // then: the other model's call goes through while the second call waits
            Poll.until(model.calls::get, n -> n == 2, "the other model's call to reach the model");
            assertEquals(1, gate.waiting(), "the second call to the default model still waits");
            assertEquals(2, gate.inFlight());
            model.release.countDown();
            for (Future<ChatResponse> call : List.of(first, second, other)) {
                assertEquals(ANSWER, call.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(3, model.calls.get());
        Poll.until(gate::inFlight, n -> n == 0, "every permit to be given back");
    }

    @Test
    void stopsWaitingForASlotWhenInterrupted() throws Exception {
        HeldModel model = new HeldModel();
        ModelGate gate = gate(model, new HeldStream(), ModelGate.Caps.of(1), Duration.ofSeconds(10), NO_GUARD);
        CompletableFuture.runAsync(() -> gate.call(REQUEST, null, new TaskRetries()));
        Poll.until(model.calls::get, n -> n == 1, "the first call to hold the permit");

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                gate.call(REQUEST, null, new TaskRetries());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Poll.until(gate::waiting, n -> n == 1, "the second call to wait");
        waiter.interrupt();
        waiter.join(10_000);

        assertInstanceOf(RunCancelledException.class, thrown.get());
        assertEquals(1, model.calls.get());
        model.release.countDown();
    }

    @Test
    void handsStreamedTextOverAsItArrives() throws Exception {
        HeldStream stream = new HeldStream();
        ModelGate gate = gate(new HeldModel(), stream, ModelGate.Caps.of(2), Duration.ofSeconds(10), NO_GUARD);
        List<String> deltas = new CopyOnWriteArrayList<>();

        CompletableFuture<ChatResponse> call =
                CompletableFuture.supplyAsync(() -> gate.call(REQUEST, deltas::add, new TaskRetries()));
        StreamingChatResponseHandler handler = Poll.until(stream.handler::get, h -> h != null, "the stream to start");
        handler.onPartialResponse("hel");
        handler.onPartialResponse("lo");
        handler.onCompleteResponse(ANSWER);

        assertEquals(ANSWER, call.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("hel", "lo"), deltas);
        assertEquals(0, gate.inFlight());
    }

    @Test
    void keepsTheSlotOfAnAbandonedStreamUntilTheEndpointEndsIt() throws Exception {
        HeldStream stream = new HeldStream();
        ModelGate gate = gate(new HeldModel(), stream, ModelGate.Caps.of(1), Duration.ofSeconds(10), NO_GUARD);
        List<String> deltas = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                gate.call(REQUEST, deltas::add, new TaskRetries());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        StreamingChatResponseHandler handler = Poll.until(stream.handler::get, h -> h != null, "the stream to start");

        caller.interrupt();
        caller.join(10_000);

        assertInstanceOf(RunCancelledException.class, thrown.get());
        assertEquals(1, gate.inFlight(), "the endpoint is still answering");
        handler.onPartialResponse("ignored");
        handler.onCompleteResponse(ANSWER);
        assertEquals(List.of(), deltas, "nothing is handed over once the caller gave up");
        assertEquals(0, gate.inFlight());
    }

    @Test
    void givesUpOnAStreamThatTakesLongerThanTheTimeout() {
        // a call answered in one piece is bounded by the resilient model's own timeout per attempt
        ModelGate gate =
                gate(new HeldModel(), new HeldStream(), ModelGate.Caps.of(1), Duration.ofMillis(100), NO_GUARD);

        assertThrows(
                dev.langchain4j.exception.TimeoutException.class,
                () -> gate.call(REQUEST, text -> {}, new TaskRetries()));

        assertEquals(0, gate.inFlight(), "the permit is given back");
    }

    /** A streaming model whose first answer fails, after handing on {@code before} text (null: none). */
    static final class FailsOnceStream implements StreamingChatModel {
        final AtomicInteger calls = new AtomicInteger();
        final String before;

        FailsOnceStream(String before) {
            this.before = before;
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            if (calls.incrementAndGet() == 1) {
                if (before != null) {
                    handler.onPartialResponse(before);
                }
                handler.onError(new io.vertx.core.http.HttpClosedException("connection reset"));
            } else {
                handler.onPartialResponse("hello");
                handler.onCompleteResponse(ANSWER);
            }
        }
    }

    /** Runs each attempt once, as is. */
    static final ModelGate.ModelCalls NO_GUARD = (model, attempt, retries) -> attempt.get();

    /** Retries once, like the resilient model, unless the stream broke off after text. */
    static final ModelGate.ModelCalls RETRY_ONCE = (model, attempt, retries) -> {
        try {
            return attempt.get();
        } catch (StreamBrokenException e) {
            throw e;
        } catch (RuntimeException e) {
            return attempt.get();
        }
    };

    @Test
    void retriesAStreamThatFailedBeforeHandingOnAnyText() {
        FailsOnceStream stream = new FailsOnceStream(null);
        ModelGate gate = gate(new HeldModel(), stream, ModelGate.Caps.of(1), Duration.ofSeconds(10), RETRY_ONCE);
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResponse response = gate.call(REQUEST, deltas::add, new TaskRetries());

        assertEquals(ANSWER, response);
        assertEquals(2, stream.calls.get());
        assertEquals(List.of("hello"), deltas);
        assertEquals(0, gate.inFlight(), "the permit is given back once");
    }

    @Test
    void doesNotRetryAStreamThatBrokeOffAfterHandingOnText() {
        FailsOnceStream stream = new FailsOnceStream("hel");
        ModelGate gate = gate(new HeldModel(), stream, ModelGate.Caps.of(1), Duration.ofSeconds(10), RETRY_ONCE);
        List<String> deltas = new CopyOnWriteArrayList<>();

        StreamBrokenException thrown =
                assertThrows(StreamBrokenException.class, () -> gate.call(REQUEST, deltas::add, new TaskRetries()));

        assertEquals("connection reset", thrown.getCause().getMessage());
        assertEquals(1, stream.calls.get(), "text already handed on cannot be taken back, so no second attempt");
        assertEquals(List.of("hel"), deltas);
        assertEquals(0, gate.inFlight());
    }
}
