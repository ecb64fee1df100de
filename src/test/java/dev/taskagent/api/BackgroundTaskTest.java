package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import dev.taskagent.support.Smoke;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Background tasks: accepted at once, followed by id, listed, and cancelled. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class BackgroundTaskTest {

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Smoke
    @Test
    void acceptsBackgroundTaskWith202AndLocationThenCompletesIt() {
        // given
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("6 × 7 = 42"));

        // when
        var accepted = given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 6 times 7?\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .header("Location", startsWith("/v1/tasks/task_"))
                .body("id", startsWith("task_"))
                .body("background", equalTo(true))
                .body("input", equalTo("What is 6 times 7?"))
                .body("created_at", notNullValue())
                .body("output", nullValue())
                // as accepted, however far the task has run by the time the answer is written
                .body("status", equalTo("queued"))
                .body("steps", hasSize(0))
                .extract();
        String location = accepted.header("Location");
        assertEquals("/v1/tasks/" + accepted.path("id"), location);

        // then
        JsonPath done = awaitFinished(location);
        assertEquals("completed", done.getString("status"));
        assertEquals("6 × 7 = 42", done.getString("output"));
        assertEquals("calculator", done.getString("steps[0].tool"));
        assertTrue(done.getString("steps[0].result").contains("42"));
        assertEquals(270, done.getInt("usage.input_tokens"));
        assertTrue(done.getString("finished_at") != null);
        assertTrue(model.streamed(0), "a background task streams the model's answer");
    }

    /**
     * The REST client closes a streamed answer's connection after putting it back in its pool, so a streamed call
     * whose connection were pooled could break the next call that takes it (every task of a burst of 60 failed so);
     * a streamed call therefore says {@code Connection: close}, and a call answered in one piece keeps its connection.
     */
    @Test
    void givenStreamedAndPlainModelCalls_thenOnlyStreamedOnesAskToCloseTheirConnection() {
        // given: a background task (streamed) and a plain one (answered in one piece)
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("6 × 7 = 42"), answer("Hello."));
        String location = given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 6 times 7?\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        assertEquals("completed", awaitFinished(location).getString("status"));

        // when
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Say hello.\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        // then
        var received = model.received();
        assertEquals(3, received.size());
        for (int i = 0; i < 2; i++) {
            assertTrue(model.streamed(i));
            assertEquals("close", received.get(i).getHeader("Connection"), "streamed call " + i);
        }
        assertTrue(!model.streamed(2));
        assertTrue(!"close".equalsIgnoreCase(received.get(2).getHeader("Connection")), "plain call");
    }

    @Test
    void reportsFailureOfBackgroundTaskAsProblemInTheTask() {
        model.fails(
                402,
                "{\"error\":\"insufficient_funds\",\"message\":\"Not enough credit.\","
                        + "\"code\":\"insufficient_funds\"}");

        String location = given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");

        JsonPath failed = awaitFinished(location);
        assertEquals("failed", failed.getString("status"));
        assertEquals("insufficient_funds", failed.getString("error.code"));
        assertEquals(402, failed.getInt("error.status"));
        assertEquals("Not enough credit.", failed.getString("error.detail"));
        assertEquals(location, failed.getString("error.instance"));
    }

    @Test
    void reportsBudgetStopOfBackgroundTaskWithItsSteps() {
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1+1\"}"),
                toolCall("call_2", "calculator", "{\"expression\":\"2+2\"}"));

        String location = given().contentType(ContentType.JSON)
                .body("{\"input\":\"loop\",\"max_tool_calls\":1,\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");

        JsonPath failed = awaitFinished(location);
        assertEquals("failed", failed.getString("status"));
        assertEquals("tool-budget-exhausted", failed.getString("error.code"));
        assertEquals(1, failed.getList("steps").size());
        assertEquals(1, failed.getList("error.steps").size());
    }

    @Test
    void listsRecentTasksNewestFirstAndFiltersByStatus() {
        model.replies(answer("first"));
        String first = post("{\"input\":\"one\"}");
        model.replies(answer("second"));
        String second = post("{\"input\":\"two\"}");

        List<String> ids = given().when()
                .get("/v1/tasks?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .path("tasks.id");
        assertTrue(ids.indexOf(second) < ids.indexOf(first), "newest first: " + ids);

        given().when()
                .get("/v1/tasks?limit=1")
                .then()
                .statusCode(200)
                .body("tasks", hasSize(1))
                .body("tasks[0].id", equalTo(second))
                .body("tasks[0].status", equalTo("completed"))
                .body("tasks[0].input", equalTo("two"))
                .body("tasks[0].steps", nullValue());
        given().when()
                .get("/v1/tasks?status=queued&limit=100")
                .then()
                .statusCode(200)
                .body("tasks.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(second)));
    }

    @Test
    void rejectsUnknownStatusFilterAndBadLimit() {
        given().when()
                .get("/v1/tasks?status=done")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("in_progress"));
        given().when().get("/v1/tasks?limit=0").then().statusCode(400).contentType("application/problem+json");
    }

    @Smoke
    @Test
    void cancelsRunningTaskStoppingItsModelCall() {
        // given: a model call that would take longer than the test's model timeout
        model.repliesAfter(10_000, answer("too late"));
        String location = given().contentType(ContentType.JSON)
                .body("{\"input\":\"slow\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        Poll.until(() -> model.received().size(), n -> n == 1, "the model call to be sent");

        // when
        given().when()
                .delete(location)
                // then: the task stopped waiting for the model at once, well before the 3 s model timeout
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("error.code", equalTo("task-cancelled"))
                .body("finished_at", notNullValue());
        given().when().get(location).then().body("status", equalTo("cancelled"));
        assertEquals(1, model.received().size(), "no model call after the cancel");
    }

    @Test
    void cancelIsIdempotentAndLeavesFinishedTasksAlone() {
        model.replies(answer("done"));
        String id = post("{\"input\":\"quick\"}");

        given().when()
                .post("/v1/tasks/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("output", equalTo("done"));
        given().when().delete("/v1/tasks/" + id).then().statusCode(200).body("status", equalTo("completed"));

        model.repliesAfter(10_000, answer("too late"));
        String slow = Requests.acceptedTask("{\"input\":\"slow\",\"background\":true}");
        given().when()
                .post("/v1/tasks/" + slow + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"));
        given().when()
                .post("/v1/tasks/" + slow + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"));
        given().when().delete("/v1/tasks/" + slow).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void answersUnknownTaskWith404Problem() {
        given().when()
                .get("/v1/tasks/task_nope")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"))
                .body("detail", containsString("task_nope"));
        given().when().delete("/v1/tasks/task_nope").then().statusCode(404);
        given().when().post("/v1/tasks/task_nope/cancel").then().statusCode(404);
        given().when().get("/v1/tasks/task_nope/events").then().statusCode(404).contentType("application/problem+json");
    }

    private static String post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    static JsonPath awaitFinished(String location) {
        return Poll.until(
                () -> given().when()
                        .get(location)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                task -> List.of("completed", "failed", "cancelled").contains(task.getString("status")),
                location + " to finish");
    }
}
