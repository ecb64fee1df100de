package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue and the cap on model calls: two tasks run, one waits, more are refused with 429; and however many run,
 * only one model call is in flight, the others waiting their turn rather than failing.
 */
@QuarkusTest
@TestProfile(QueueLimitsTest.SmallQueue.class)
@WithTestResource(OpenAiMockResource.class)
class QueueLimitsTest {

    /** Long enough that the first tasks are surely still running when the test fills the queue. */
    static final int MODEL_LATENCY_MS = 2_000;

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "task-agent.tasks.max-running",
                    "2",
                    "task-agent.tasks.max-queued",
                    "1",
                    "task-agent.model.max-concurrent-calls",
                    "1");
        }
    }

    @InjectOpenAiMock
    OpenAiMock model;

    @Test
    void queuesBeyondTheRunningLimitRefusesBeyondTheQueueAndCapsModelCalls() {
        // given: a warmed-up service, and a model that takes two seconds per answer
        model.reset();
        model.replies(answer("warm"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"warm up\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);
        model.reset();
        model.repliesAfter(MODEL_LATENCY_MS, answer("done"));

        // when: three tasks fill both running slots and the one queue place
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Requests.acceptedTask("{\"input\":\"task " + i + "\",\"background\":true}"));
        }

        // then: the third waits its turn, and a fourth task, background or not, is refused
        given().when().get("/v1/tasks/" + ids.get(2)).then().body("status", equalTo("queued"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"one too many\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("code", equalTo("queue-full"))
                .body("detail", containsString("3 tasks"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"one too many\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(429)
                .header("Retry-After", "5");

        // and every accepted task completes: waiting for a model slot is not failing
        for (String id : ids) {
            Poll.until(
                    () -> given().when().get("/v1/tasks/" + id).then().extract().<String>path("status"),
                    "completed"::equals,
                    id + " to complete");
        }
        List<LoggedRequest> calls = new ArrayList<>(model.received());
        calls.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        assertEquals(3, calls.size());
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).getLoggedDate().getTime()
                    - calls.get(i - 1).getLoggedDate().getTime();
            assertTrue(
                    gap >= MODEL_LATENCY_MS - 10,
                    "a model call starts only when the one before has answered; gap was " + gap + " ms");
        }
    }
}
