package dev.taskagent.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Sse;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model endpoint that answers 200 with something that is not a usable chat completion (nothing, {@code {}}, no
 * choices, no message, cut-off JSON, a redirect, a stream with a line that is not JSON) ends every task as a clear
 * {@code 502 upstream-invalid-response} with a one-line detail: never a 500, never {@code completed} without an
 * answer — whether the client waits, streams or runs the task in the background.
 */
@QuarkusTest
@WithTestResource(
        value = OpenAiMockResource.class,
        initArgs = {
            @ResourceArg(name = "task-agent.model.max-answer-chars", value = "" + UpstreamFaultsTest.MAX_ANSWER),
            // a cold JVM on a busy machine may take seconds over its first streams; no test here waits for a timeout
            @ResourceArg(name = "task-agent.model.timeout", value = "20s")
        })
class UpstreamFaultsTest {

    static final int MAX_ANSWER = 20_000;

    private static final String TYPE = "urn:task-agent:problem:upstream-invalid-response";
    private static final String CHUNK =
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    /** Name, the reply to a plain request, the reply to a streamed one. */
    static Stream<Arguments> faults() {
        String complete = answer("Paris.");
        return Stream.of(
                Arguments.of("empty body", json(""), stream("")),
                Arguments.of("empty object", json("{}"), stream("data: {}\n\ndata: [DONE]\n\n")),
                Arguments.of(
                        "no choices",
                        json(
                                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}"),
                        stream("data: " + CHUNK + "\"choices\":[]}\n\ndata: [DONE]\n\n")),
                Arguments.of(
                        "null message",
                        json("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                                + "\"choices\":[{\"index\":0,\"message\":null,\"finish_reason\":\"stop\"}]}"),
                        stream("data: " + CHUNK
                                + "\"choices\":[{\"index\":0,\"delta\":null,\"finish_reason\":\"stop\"}]}"
                                + "\n\ndata: [DONE]\n\n")),
                Arguments.of(
                        "truncated JSON",
                        json(complete.substring(0, complete.length() / 2)),
                        stream("data: " + CHUNK + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Par")),
                Arguments.of(
                        "redirect",
                        aResponse().withStatus(307).withHeader("Location", "/v2/chat/completions"),
                        aResponse().withStatus(307).withHeader("Location", "/v2/chat/completions")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void answersInvalidResponseWhenTheClientWaits(
            String fault, ResponseDefinitionBuilder plain, ResponseDefinitionBuilder streamed) {
        // given
        model.respondsInOrder(plain);

        // when / then
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo(TYPE))
                .body("code", equalTo("upstream-invalid-response"))
                .body("detail", not(containsString("\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void endsAStreamedTaskFailedWithInvalidResponse(
            String fault, ResponseDefinitionBuilder plain, ResponseDefinitionBuilder streamed) {
        model.respondsInOrder(streamed);

        List<Sse.Event> events = Sse.events(streamTask());

        JsonNode last = events.getLast().data();
        assertEquals("task.failed", events.getLast().name(), fault);
        assertEquals(
                "upstream-invalid-response", last.path("error").path("code").asText(), last.toString());
        assertFalse(last.path("error").path("detail").asText().contains("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void endsABackgroundTaskFailedWithInvalidResponse(
            String fault, ResponseDefinitionBuilder plain, ResponseDefinitionBuilder streamed) {
        model.respondsInOrder(streamed);

        JsonPath done = background();

        assertEquals("failed", done.getString("status"), fault + ": " + done.prettify());
        assertEquals("upstream-invalid-response", done.getString("error.code"));
        assertEquals(502, done.getInt("error.status"));
    }

    @org.junit.jupiter.api.Test
    void failsAStreamWithALineThatIsNotJson() {
        model.respondsInOrder(stream("data: " + CHUNK
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: this is not json\n\ndata: [DONE]\n\n"));

        List<Sse.Event> events = Sse.events(streamTask());

        assertEquals("task.failed", events.getLast().name());
        assertEquals(
                "upstream-invalid-response",
                events.getLast().data().path("error").path("code").asText());
    }

    @org.junit.jupiter.api.Test
    void failsABackgroundTaskWhoseStreamedAnswerPassesTheCapAndKeepsFewEvents() {
        // given: an answer of 25,000 characters in 2,500 pieces, over the 20,000 the service accepts
        model.respondsInOrder(stream(longAnswer(2_500)));

        // when
        JsonPath done = background();

        // then
        assertEquals("failed", done.getString("status"), done.prettify());
        assertEquals("upstream-answer-too-large", done.getString("error.code"));
        assertEquals(502, done.getInt("error.status"));
        List<Sse.Event> events = Sse.events(given().when()
                .get("/v1/tasks/" + done.getString("id") + "/events")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        long deltas =
                events.stream().filter(e -> e.name().equals("output.delta")).count();
        assertTrue(deltas <= MAX_ANSWER / 4096 + 2, "pieces nobody read were joined: " + deltas + " delta events");
    }

    @org.junit.jupiter.api.Test
    void completesABackgroundTaskWithALongStreamedAnswerInFewEvents() {
        // given: 15,000 characters in 1,500 pieces, under the cap
        model.respondsInOrder(stream(longAnswer(1_500)));

        JsonPath done = background();

        assertEquals("completed", done.getString("status"), done.prettify());
        assertEquals(15_000, done.getString("output").length());
        List<Sse.Event> events = Sse.events(given().when()
                .get("/v1/tasks/" + done.getString("id") + "/events")
                .then()
                .extract()
                .asString());
        String streamed = events.stream()
                .filter(e -> e.name().equals("output.delta"))
                .map(e -> e.data().path("text").asText())
                .collect(java.util.stream.Collectors.joining());
        assertEquals(done.getString("output"), streamed, "joining pieces loses nothing");
        assertTrue(events.size() < 20, events.size() + " events");
    }

    /** A streamed answer of {@code pieces} pieces of ten characters each. */
    private static String longAnswer(int pieces) {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sse.append("data: ")
                    .append(CHUNK)
                    .append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                    .append("%09d ".formatted(i))
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: ")
                .append(CHUNK)
                .append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        return sse.append("data: [DONE]\n\n").toString();
    }

    static String streamTask() {
        return given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\",\"stream\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    static JsonPath background() {
        String location = given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        return Poll.until(
                () -> given().when().get(location).then().extract().jsonPath(),
                task -> !List.of("queued", "in_progress").contains(task.getString("status")),
                "the background task to end");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder stream(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }
}
