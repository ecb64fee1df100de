package dev.taskagent.scaleout;

import static dev.taskagent.scaleout.Replicas.json;
import static dev.taskagent.scaleout.Replicas.until;
import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.PackagedService;
import dev.taskagent.support.RawHttp;
import dev.taskagent.support.RedisServer;
import dev.taskagent.support.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged services, A and B, sharing one real redis-server (task-agent.store=redis): whichever replica a request
 * reaches, it sees the same tasks, events, sessions; a cancel on one stops a task on the other; a replica killed
 * with SIGKILL loses its running task to the other, which ends it worker-lost within the lease.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RedisServer redis;
    static PackagedService a;
    static PackagedService b;
    static RawHttp onA;
    static RawHttp onB;
    static OpenAiMock model;

    @BeforeAll
    static void start() throws Exception {
        model = OpenAiMock.shared();
        redis = RedisServer.start();
        Map<String, String> shared = Map.of(
                "task-agent.store", "redis",
                "quarkus.redis.hosts", redis.url(),
                "task-agent.model.timeout", "120s",
                "task-agent.limits.requests-per-minute", "100000",
                "task-agent.limits.burst", "10000");
        a = PackagedService.launch(Map.of(), shared, "serve");
        b = PackagedService.launch(Map.of(), shared, "serve");
        assertTrue(a.awaitOutput("Listening on", Duration.ofMinutes(3)), a.output());
        assertTrue(b.awaitOutput("Listening on", Duration.ofMinutes(3)), b.output());
        onA = new RawHttp(a.base());
        onB = new RawHttp(b.base());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {a, b, redis}) {
            if (closing != null) {
                closing.close();
            }
        }
    }

    @Test
    @Order(1)
    void givenABackgroundTaskCreatedOnA_whenPolledStreamedAndResumedOnB_thenBShowsItsWholeLife() throws Exception {
        model.reset();
        model.repliesAfter(
                300, toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"), answer("It is 7006652."));

        RawHttp.Response accepted =
                onA.send("POST", "/v1/tasks", "{\"input\":\"What is 1234*5678?\",\"background\":true}");

        assertEquals(202, accepted.status(), accepted.body());
        String location = accepted.header("Location");
        JsonNode done = until(
                () -> json(onB.send("GET", location, null)),
                task -> task.path("status").asText().equals("completed"));
        assertEquals("It is 7006652.", done.path("output").asText());
        assertEquals("calculator", done.path("steps").path(0).path("tool").asText());
        assertEquals(
                "7006652",
                JSON.readTree(done.path("steps").path(0).path("result").asText())
                        .path("result")
                        .asText());

        List<Sse.Event> fromB =
                Sse.events(onB.send("GET", location + "/events", null).body());
        List<Sse.Event> fromA =
                Sse.events(onA.send("GET", location + "/events", null).body());
        assertEquals("task.created", fromB.getFirst().name());
        assertEquals("task.completed", fromB.getLast().name());
        assertEquals(names(fromA), names(fromB), "both replicas number and name the events alike");
        assertEquals(
                fromA.getLast().data().path("output"), fromB.getLast().data().path("output"));

        List<Sse.Event> resumed = Sse.events(onB.send("GET", location + "/events", null, "Last-Event-ID", "2")
                .body());
        assertEquals(3, resumed.getFirst().number());
        assertEquals(names(fromB).subList(2, fromB.size()), names(resumed));

        JsonNode listed = json(onB.send("GET", "/v1/tasks?status=completed", null));
        assertTrue(listed.toString().contains(done.path("id").asText()), listed.toString());
    }

    @Test
    @Order(2)
    void givenASessionContinuedAlternatelyOnAAndB_whenTheSecondTurnRuns_thenTheModelSeesTheFirst() throws Exception {
        model.reset();
        model.replies(answer("Noted: your name is Ada."), answer("Your name is Ada."));

        RawHttp.Response first =
                onA.send("POST", "/v1/tasks", "{\"input\":\"My name is Ada.\",\"session\":\"alternating\"}");
        RawHttp.Response second =
                onB.send("POST", "/v1/tasks", "{\"input\":\"What is my name?\",\"session\":\"alternating\"}");

        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        String sentSecond = model.requests().get(1).path("messages").toString();
        assertTrue(sentSecond.contains("My name is Ada."), sentSecond);
        assertTrue(sentSecond.contains("Noted: your name is Ada."), sentSecond);
        JsonNode session = json(onA.send("GET", "/v1/sessions/alternating", null));
        assertTrue(session.toString().contains("What is my name?"), session.toString());
    }

    @Test
    @Order(3)
    void givenATaskRunningOnA_whenCancelledOnB_thenItStopsOnAAndItsStreamSaysSo() throws Exception {
        model.reset();
        model.delays(60_000, answer("too late"));
        CompletableFuture<RawHttp.Response> stream = CompletableFuture.supplyAsync(
                () -> onA.send("POST", "/v1/tasks", "{\"input\":\"a slow one\",\"stream\":true}"));
        until(() -> model.received().size(), n -> n > 0);
        String id = until(
                        () -> json(onB.send("GET", "/v1/tasks?status=in_progress", null)),
                        list -> list.path("data").size() > 0
                                || list.path("tasks").size() > 0)
                .findValue("id")
                .asText();

        RawHttp.Response cancelled = onB.send("POST", "/v1/tasks/" + id + "/cancel", null);

        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", json(cancelled).path("status").asText(), cancelled.body());
        List<Sse.Event> events = Sse.events(stream.get(1, TimeUnit.MINUTES).body());
        assertEquals("task.cancelled", events.getLast().name());
        assertEquals(
                "cancelled",
                json(onA.send("GET", "/v1/tasks/" + id, null)).path("status").asText());
    }

    @Test
    @Order(4)
    void givenATaskRunningOnA_whenAIsKilled_thenBEndsItWorkerLostWithinTheBound() throws Exception {
        model.reset();
        model.delays(120_000, answer("never"));
        CompletableFuture.runAsync(() -> {
            try {
                onA.send("POST", "/v1/tasks", "{\"input\":\"dies with its replica\"}");
            } catch (RuntimeException connectionDies) {
                // A is killed under this request
            }
        });
        until(() -> model.received().size(), n -> n > 0);
        String id = until(
                        () -> json(onB.send("GET", "/v1/tasks?status=in_progress", null)),
                        list -> list.toString().contains("dies with its replica"))
                .findValue("id")
                .asText();

        a.process().destroyForcibly(); // SIGKILL
        long killed = System.nanoTime();

        JsonNode lost = until(
                () -> json(onB.send("GET", "/v1/tasks/" + id, null)),
                task -> task.path("status").asText().equals("failed"),
                Duration.ofSeconds(30));
        long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertEquals("worker-lost", lost.path("error").path("code").asText(), lost.toString());
        assertEquals(503, lost.path("error").path("status").asInt());
        System.out.printf("ScaleOutIT: a killed replica's task ended worker-lost after %d ms%n", detectedMs);
        List<Sse.Event> events =
                Sse.events(onB.send("GET", "/v1/tasks/" + id + "/events", null).body());
        assertEquals("task.failed", events.getLast().name());
    }

    private static List<String> names(List<Sse.Event> events) {
        return events.stream().map(Sse.Event::name).toList();
    }
}
