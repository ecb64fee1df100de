package dev.taskagent.typed;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import dev.taskagent.support.Sse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Typed answers: the model gives its answer through final_answer, whose parameters are the client's schema; the
 * service validates it, asks once for a repair, and refuses what still does not match. Through the tasks API (plain,
 * streamed, background, sessions) and the OpenAI-compatible API (response_format).
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class TypedAnswersTest {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\",\"description\":\"the capital\"},"
            + "\"population\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"languages\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"fr\",\"en\",\"de\"]}}},"
            + "\"required\":[\"city\",\"population\"],\"additionalProperties\":false}";
    static final String VALID = "{\"city\":\"Paris\",\"population\":2100000,\"languages\":[\"fr\"]}";
    static final String INVALID = "{\"city\":\"Paris\",\"population\":\"about two million\"}";

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void returnsOutputJsonGivenThroughTheFinalAnswerToolWhoseParametersAreTheSchema() {
        // given
        model.replies(toolCall("call_1", "final_answer", VALID));

        // when
        JsonPath task = given().contentType(ContentType.JSON)
                .body(task("Capital of France and its population?", ""))
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .extract()
                .jsonPath();

        // then
        assertEquals("Paris", task.getString("output_json.city"));
        assertEquals(2100000, task.getInt("output_json.population"));
        assertEquals(VALID, task.getString("output"), "output is the answer's JSON text");
        JsonNode finalAnswer = function(model.requests().get(0), "final_answer");
        JsonNode parameters = finalAnswer.path("parameters");
        assertEquals(
                "integer",
                parameters.path("properties").path("population").path("type").asText());
        assertEquals(
                "fr",
                parameters
                        .path("properties")
                        .path("languages")
                        .path("items")
                        .path("enum")
                        .get(0)
                        .asText());
        assertEquals("city", parameters.path("required").get(0).asText());
        assertEquals(1, model.received().size(), "the final answer ends the run without another model call");
    }

    @Test
    void sendsTheValidationErrorsBackOnceAndTakesTheRepairedAnswer() {
        // given
        model.replies(toolCall("call_1", "final_answer", INVALID), toolCall("call_2", "final_answer", VALID));

        // when
        JsonPath task = Requests.completedTask(task("Capital of France?", ""));

        // then
        assertEquals(2100000, task.getInt("output_json.population"));
        String repair = model.lastMessage(1).path("content").asText();
        assertTrue(repair.contains("population"), "the repair request names what was wrong: " + repair);
        assertTrue(repair.contains("final_answer"), repair);
        assertEquals(
                280, task.getInt("usage.input_tokens") + task.getInt("usage.output_tokens"), "both rounds counted");
    }

    @Test
    void answers422InvalidOutputWithTheErrorsAndTheLastAttemptWhenTheRepairFailsToo() {
        // given
        model.replies(toolCall("call_1", "final_answer", INVALID), toolCall("call_2", "final_answer", INVALID));

        // when / then
        given().contentType(ContentType.JSON)
                .body(task("Capital of France?", ""))
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-output"))
                .body("errors[0]", containsString("population"))
                .body("last_attempt.population", equalTo("about two million"))
                .body("task_id", startsWith("task_"));
        assertEquals(2, model.received().size(), "exactly one repair round");
    }

    @Test
    void acceptsAnAnswerWrittenAsMatchingJsonInAFencedBlock() {
        model.replies(answer("```json\n" + VALID + "\n```"));

        given().contentType(ContentType.JSON)
                .body(task("Capital of France?", ""))
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output_json.city", equalTo("Paris"));
        assertEquals(1, model.received().size());
    }

    @Test
    void asksForTheToolWhenTheModelAnswersInProse() {
        model.replies(answer("The capital is Paris."), toolCall("call_1", "final_answer", VALID));

        given().contentType(ContentType.JSON)
                .body(task("Capital of France?", ""))
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output_json.city", equalTo("Paris"));
        assertTrue(model.lastMessage(1).path("content").asText().contains("written as text"));
    }

    @Test
    void refusesSchemasOutsideTheSupportedSubsetWithoutCallingTheModel() {
        List<String> refused = List.of(
                "{\"type\":\"string\"}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"(a+)+$\"}}}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://169.254.169.254/schema\"}}}",
                "{\"$schema\":\"http://example.com/evil\",\"type\":\"object\"}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"oneOf\":[{\"type\":\"string\"}]}}}",
                deep(12),
                "\"not a schema\"");
        for (String schema : refused) {
            given().contentType(ContentType.JSON)
                    .body(task("anything", schema))
                    .when()
                    .post("/v1/tasks")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("param", equalTo("output_schema"))
                    .body("detail", containsString("'output_schema'"));
        }
        String tooBig = "{\"type\":\"object\",\"description\":\"" + "x".repeat(17_000) + "\"}";
        given().contentType(ContentType.JSON)
                .body(task("anything", tooBig))
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", containsString("the limit is 16000"));
        assertEquals(0, model.received().size());
    }

    @Test
    void streamsATypedOutputJsonEventBeforeTaskCompleted() {
        model.replies(toolCall("call_1", "final_answer", VALID));

        String body = given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\",\"stream\":true,\"output_schema\":" + SCHEMA + "}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        List<Sse.Event> events = Sse.events(body);
        List<String> types = events.stream().map(Sse.Event::name).toList();
        int json = types.indexOf("output.json");
        assertTrue(json > 0 && types.get(json + 1).equals("task.completed"), types.toString());
        assertEquals("Paris", events.get(json).data().path("city").asText());
        assertEquals(
                2100000,
                events.getLast().data().path("output_json").path("population").asInt());
    }

    @Test
    void givesABackgroundTaskItsTypedAnswer() {
        model.replies(toolCall("call_1", "final_answer", VALID));

        String id = Requests.acceptedTask(
                "{\"input\":\"Capital of France?\",\"background\":true,\"output_schema\":" + SCHEMA + "}");

        JsonPath done = Poll.until(
                () -> given().get("/v1/tasks/" + id).then().extract().jsonPath(),
                task -> "completed".equals(task.getString("status")),
                "the background task to complete");
        assertEquals("Paris", done.getString("output_json.city"));
    }

    @Test
    void remembersATypedAnswerInItsSession() {
        model.replies(toolCall("call_1", "final_answer", VALID), answer("It has about 2.1 million people."));
        String session = "typed-" + System.nanoTime();

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\",\"session\":\"" + session + "\",\"output_schema\":" + SCHEMA
                        + "}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output_json.city", equalTo("Paris"));
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"How many people live there?\",\"session\":\"" + session + "\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", not(containsString("{")));

        JsonNode messages = model.requests().get(1).path("messages");
        boolean remembered = StreamSupport.stream(messages.spliterator(), false)
                .anyMatch(m -> m.path("role").asText().equals("assistant")
                        && m.path("content").asText().contains("\"city\":\"Paris\""));
        assertTrue(remembered, "the second task sees the first one's JSON answer: " + messages);
    }

    @Test
    void honoursResponseFormatJsonSchemaOnChatCompletions() {
        model.replies(toolCall("call_1", "final_answer", VALID));

        String content = given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}],"
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"capital\","
                        + "\"strict\":true,\"schema\":" + SCHEMA + "}}}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .path("choices[0].message.content");

        assertEquals(VALID, content);
        assertTrue(function(model.requests().get(0), "final_answer").isObject());
    }

    @Test
    void streamsTheTypedAnswerWholeOnChatCompletions() {
        model.replies(toolCall("call_1", "final_answer", "{\"ok\":true}"));

        String body = given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Reply with ok.\"}],"
                        + "\"response_format\":{\"type\":\"json_object\"}}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        StringBuilder text = new StringBuilder();
        Sse.events(body).stream()
                .filter(e -> !"[DONE]".equals(e.rawData()))
                .forEach(e -> text.append(e.data()
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("content")
                        .asText("")));
        assertEquals("{\"ok\":true}", text.toString());
    }

    @Test
    void failsAStreamedChatCompletionWhoseAnswerStillDoesNotMatchWith422CarryingTheErrors() {
        model.replies(toolCall("call_1", "final_answer", INVALID), toolCall("call_2", "final_answer", INVALID));

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}],"
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"capital\","
                        + "\"strict\":true,\"schema\":" + SCHEMA + "}}}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(422)
                .contentType("application/json")
                .body("error.code", equalTo("invalid-output"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.errors[0]", containsString("population"))
                .body("error.last_attempt.population", equalTo("about two million"));
        assertEquals(2, model.received().size(), "exactly one repair round");
    }

    @Test
    void refusesAnUnknownResponseFormatAsAnOpenAiError() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"response_format\":{\"type\":\"xml\"}}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("response_format"))
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":"
                        + "{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{}}}}}}}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("response_format"))
                .body("error.message", containsString("'not' is not supported"));
        assertEquals(0, model.received().size());
    }

    private static String task(String input, String schema) {
        return "{\"input\":\"" + input + "\",\"tools\":[],\"output_schema\":" + (schema.isEmpty() ? SCHEMA : schema)
                + "}";
    }

    /** A schema nesting objects {@code levels} deep. */
    private static String deep(int levels) {
        String schema = "{\"type\":\"string\"}";
        for (int i = 0; i < levels; i++) {
            schema = "{\"type\":\"object\",\"properties\":{\"n\":" + schema + "}}";
        }
        return schema;
    }

    private static JsonNode function(JsonNode request, String name) {
        for (JsonNode tool : request.path("tools")) {
            if (tool.path("function").path("name").asText().equals(name)) {
                return tool.path("function");
            }
        }
        throw new AssertionError("no function " + name + " in " + request.path("tools"));
    }
}
