package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A caller's concurrent-task limit counts background and streamed tasks for as long as they run. */
@QuarkusTest
@TestProfile(TaskSlotsTest.OneTaskPerCaller.class)
@WithTestResource(OpenAiMockResource.class)
class TaskSlotsTest {

    public static class OneTaskPerCaller implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("task-agent.limits.concurrent-tasks", "1");
        }
    }

    @InjectOpenAiMock
    OpenAiMock model;

    @Test
    void holdsTheCallersSlotWhileABackgroundTaskRunsAndFreesItWhenItEnds() {
        // given: a background task the model answers slowly
        model.reset();
        model.repliesAfter(1_500, answer("done"));
        String id = Requests.acceptedTask("{\"input\":\"slow\",\"background\":true}");

        // when / then: while it runs, the caller may start no other task, in any form
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"another\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("too-many-tasks"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(429)
                .body("error.code", equalTo("too-many-tasks"))
                .body("error.type", equalTo("rate_limit_error"));

        // and once it has ended, the slot is free again
        Poll.until(
                () -> given().when().get("/v1/tasks/" + id).then().extract().<String>path("status"),
                "completed"::equals,
                "the background task to complete");
        model.reset();
        model.replies(answer("next"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"next\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("next"));
    }

    @Test
    void givesTheSlotBackWhenATaskIsRefused() {
        model.reset();
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400);

        model.replies(answer("fine"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);
    }
}
