package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.chunked;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Requests;
import dev.taskagent.support.Smoke;
import dev.taskagent.support.Sse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task's events as Server-Sent Events: typed, numbered, resumable, kept alive. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class TaskEventsTest {

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Smoke
    @Test
    void streamsTypedNumberedEventsWhenCreatedWithStream() {
        // given: the answer's chunks spread over 400 ms (text no reader has taken yet is joined into one event, so
        // a stream sent all at once may rightly arrive as one delta)
        model.respondsInOrder(
                chunked(toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}")),
                chunked(answer("1234 × 5678 = 7006652, computed exactly.")).withChunkedDribbleDelay(8, 400));

        // when
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 1234 times 5678?\",\"stream\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .contentType("text/event-stream")
                .header("Cache-Control", "no-cache")
                .extract();

        // then
        List<Sse.Event> events = Sse.events(response.asString());
        List<String> types = events.stream().map(Sse.Event::name).distinct().toList();
        assertEquals(
                List.of(
                        "task.created",
                        "task.in_progress",
                        "step.started",
                        "step.completed",
                        "output.delta",
                        "task.completed"),
                types);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).number(), "ids count up from 1 without gaps");
        }
        String id = events.get(0).data().path("id").asText();
        assertEquals("/v1/tasks/" + id, response.header("Location"));
        assertEquals("queued", events.get(0).data().path("status").asText());

        Sse.Event started = first(events, "step.started");
        assertEquals("calculator", started.data().path("tool").asText());
        assertEquals(
                "1234*5678", started.data().path("arguments").path("expression").asText());
        Sse.Event completedStep = first(events, "step.completed");
        assertEquals(0, completedStep.data().path("index").asInt());
        assertTrue(completedStep.data().path("result").asText().contains("7006652"));
        assertTrue(completedStep.data().has("duration_ms"));

        List<Sse.Event> deltas =
                events.stream().filter(e -> e.name().equals("output.delta")).toList();
        assertTrue(deltas.size() > 1, "the answer arrives in pieces as the model writes it: " + deltas);
        String streamed =
                deltas.stream().map(e -> e.data().path("text").asText()).collect(Collectors.joining());
        Sse.Event done = events.getLast();
        assertEquals("task.completed", done.name());
        assertEquals(streamed, done.data().path("output").asText());
        assertEquals("completed", done.data().path("status").asText());
        assertEquals(270, done.data().path("usage").path("input_tokens").asInt());
        assertEquals(50, done.data().path("usage").path("output_tokens").asInt());
        assertTrue(model.streamed(0) && model.streamed(1), "both model calls were streamed");
    }

    @Smoke
    @Test
    void replaysEventsAfterLastEventId() {
        model.replies(answer("Paris is the capital of France."));
        String id = given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\",\"stream\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .header("Location")
                .substring("/v1/tasks/".length());

        List<Sse.Event> all = Sse.events(given().when()
                .get("/v1/tasks/" + id + "/events")
                .then()
                .statusCode(200)
                .contentType("text/event-stream")
                .extract()
                .asString());
        List<Sse.Event> rest = Sse.events(given().header("Last-Event-ID", "2")
                .when()
                .get("/v1/tasks/" + id + "/events")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        assertEquals(all.subList(2, all.size()), rest, "everything after event 2, the same as before");
        assertEquals(3, rest.getFirst().number());
        assertEquals("task.completed", rest.getLast().name());
    }

    @Test
    void keepsIdleStreamOpenWithHeartbeatComments() {
        // a model call slower than a few heartbeats (300 ms in tests) but within the model timeout
        model.repliesAfter(1_500, answer("slow answer"));

        String body = given().contentType(ContentType.JSON)
                .body("{\"input\":\"take your time\",\"stream\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertTrue(Sse.comments(body) >= 1, "comment lines while the model was thinking: " + body);
        assertEquals("task.completed", Sse.events(body).getLast().name());
    }

    @Test
    void endsStreamWithTaskFailedWhenTheModelEndpointFails() {
        model.fails(
                429,
                "{\"error\":\"too_many_requests\",\"message\":\"Too many requests.\","
                        + "\"code\":\"too_many_requests\"}");

        List<Sse.Event> events = Sse.events(given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\",\"stream\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        Sse.Event last = events.getLast();
        assertEquals("task.failed", last.name());
        assertEquals("failed", last.data().path("status").asText());
        assertEquals("too_many_requests", last.data().path("error").path("code").asText());
        assertEquals(429, last.data().path("error").path("upstream_status").asInt());
    }

    @Test
    void endsStreamWithTaskCancelledWhenCancelled() {
        model.repliesAfter(10_000, answer("too late"));
        String id = Requests.acceptedTask("{\"input\":\"slow\",\"background\":true}");
        dev.taskagent.support.Poll.until(() -> model.received().size(), n -> n == 1, "the model call");
        given().when().delete("/v1/tasks/" + id).then().statusCode(200);

        List<Sse.Event> events = Sse.events(given().when()
                .get("/v1/tasks/" + id + "/events")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        assertEquals(
                List.of("task.created", "task.in_progress", "task.cancelled"),
                events.stream().map(Sse.Event::name).toList());
    }

    @Test
    void rejectsLastEventIdThatIsNotANumber() {
        model.replies(answer("ok"));
        String id = Requests.acceptedTask("{\"input\":\"hi\",\"background\":true}");

        given().header("Last-Event-ID", "abc")
                .when()
                .get("/v1/tasks/" + id + "/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private static Sse.Event first(List<Sse.Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
