package dev.taskagent.scaleout;

import static dev.taskagent.scaleout.Replicas.json;
import static dev.taskagent.scaleout.Replicas.until;
import static dev.taskagent.support.OpenAiMock.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.PackagedService;
import dev.taskagent.support.RawHttp;
import dev.taskagent.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged services on a Redis that is down when they start, then comes up, then freezes during a task: they
 * say why they are not ready and refuse tasks with 503 store-unavailable, recover without a restart, count one rate
 * over both, and finish a task through a Redis outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SharedStoreFaultsIT {

    static RedisServer redis;
    static PackagedService c;
    static PackagedService d;
    static RawHttp onC;
    static RawHttp onD;

    @BeforeAll
    static void start() {
        redis = RedisServer.notStarted();
        Map<String, String> settings = Map.of(
                "task-agent.store", "redis",
                "quarkus.redis.hosts", redis.url(),
                "task-agent.redis.command-timeout", "1s",
                "task-agent.model.timeout", "60s",
                // a burst of 4 requests per key over both replicas, refilled at 30 a minute (one per 2 s)
                "task-agent.limits.requests-per-minute", "30",
                "task-agent.limits.burst", "4");
        c = PackagedService.launch(Map.of(), settings, "serve");
        d = PackagedService.launch(Map.of(), settings, "serve");
        onC = new RawHttp(c.base());
        onD = new RawHttp(d.base());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {c, d, redis}) {
            if (closing != null) {
                closing.close();
            }
        }
    }

    @Test
    @Order(1)
    void givenRedisDownAtStart_whenAsked_thenNotReadyWithTheReasonAndTasksGet503StoreUnavailable() throws Exception {
        assertTrue(c.awaitOutput("Listening on", Duration.ofMinutes(3)), c.output());

        RawHttp.Response ready = onC.send("GET", "/q/health/ready", null);
        RawHttp.Response refused = onC.send("POST", "/v1/tasks", "{\"input\":\"anything\"}");

        assertEquals(503, ready.status(), ready.body());
        assertTrue(ready.body().contains("Redis does not answer"), ready.body());
        assertEquals(503, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertEquals("store-unavailable", json(refused).path("code").asText(), refused.body());
        assertEquals("5", refused.header("Retry-After"));
    }

    @Test
    @Order(2)
    void givenRedisComesUp_whenAsked_thenBothAreReadyWithoutARestart() throws Exception {
        assertTrue(d.awaitOutput("Listening on", Duration.ofMinutes(3)), d.output());

        redis.startAgain();

        until(() -> onC.send("GET", "/q/health/ready", null).status(), status -> status == 200);
        until(() -> onD.send("GET", "/q/health/ready", null).status(), status -> status == 200);
    }

    @Test
    @Order(3)
    void givenOneKey_whenItsRequestsAlternateBetweenReplicas_thenTheRateIsCountedOverBoth() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add((i % 2 == 0 ? onC : onD).send("GET", "/v1/tools", null).status());
        }

        assertEquals(List.of(200, 200, 200, 200, 429), statuses);
        RawHttp.Response limited = onC.send("GET", "/v1/tools", null);
        assertEquals("rate-limited", json(limited).path("code").asText(), limited.body());
    }

    @Test
    @Order(4)
    void givenRedisFrozenWhileATaskRuns_whenItAnswersAgain_thenTheTaskEndsCompletedOnBoth() throws Exception {
        OpenAiMock model = OpenAiMock.shared();
        model.reset();
        model.delays(4_000, answer("made it through"));
        waitForToken();
        RawHttp.Response accepted =
                onC.send("POST", "/v1/tasks", "{\"input\":\"through the outage\",\"background\":true}");
        assertEquals(202, accepted.status(), accepted.body());
        until(() -> model.received().size(), n -> n > 0);

        redis.pause();
        try {
            waitForToken();
            RawHttp.Response meanwhile = onD.send("GET", accepted.header("Location"), null);
            assertEquals(503, meanwhile.status(), meanwhile.body());
            assertEquals("store-unavailable", json(meanwhile).path("code").asText(), meanwhile.body());
        } finally {
            redis.resume();
        }

        waitForToken();
        JsonNode done = until(
                () -> json(onD.send("GET", accepted.header("Location"), null)),
                task -> task.path("status").asText().equals("completed"));
        assertEquals("made it through", done.path("output").asText());
    }

    /** The rate is low on purpose (test 3): later requests wait for a token, one per 2 s. */
    private static void waitForToken() throws InterruptedException {
        Thread.sleep(2_500);
    }
}
