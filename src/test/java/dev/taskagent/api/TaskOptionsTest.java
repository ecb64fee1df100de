package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static dev.taskagent.support.Requests.refusedTask;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Smoke;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The options of a task that change what is sent upstream or when it stops: images, reasoning, budgets. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class TaskOptionsTest {

    /** A 1×1 PNG. */
    static final String PNG = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Smoke
    @Test
    void sendsImagesToTheModelAsImageContent() {
        // given
        model.replies(answer("A red dot and a cat."));

        // when
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is in these pictures?\",\"images\":[\"https://example.com/cat.jpg\",\"" + PNG
                        + "\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("A red dot and a cat."));

        // then
        JsonNode content = model.requests().get(0).path("messages").get(1).path("content");
        assertEquals("text", content.get(0).path("type").asText());
        assertEquals("What is in these pictures?", content.get(0).path("text").asText());
        assertEquals("image_url", content.get(1).path("type").asText());
        assertEquals(
                "https://example.com/cat.jpg",
                content.get(1).path("image_url").path("url").asText());
        assertEquals(PNG, content.get(2).path("image_url").path("url").asText());
    }

    @Test
    void rejectsImageOfAnUnacceptedType() {
        refusedTask("{\"input\":\"look\",\"images\":[\"data:image/bmp;base64,Qk0AAAAA\"]}")
                .body("detail", containsString("images[0] has type 'image/bmp'"))
                .body("detail", containsString("image/png"));
        assertEquals(0, model.received().size());
    }

    @Test
    void rejectsImageWhoseBytesAreNotItsType() {
        refusedTask("{\"input\":\"look\",\"images\":[\"data:image/png;base64,/9j/4AAQSkZJRgABAQ==\"]}")
                .body("detail", containsString("not a image/png image"));
    }

    @Test
    void rejectsImageThatIsNotAnHttpUrl() {
        refusedTask("{\"input\":\"look\",\"images\":[\"file:///etc/passwd\"]}")
                .body("detail", containsString("images[0] must be an http(s) URL"));
    }

    @Test
    void sendsReasoningEffortUpstream() {
        model.replies(answer("Thought hard."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Think.\",\"reasoning\":\"high\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        assertEquals("high", model.requests().get(0).path("reasoning_effort").asText());
    }

    @Test
    void sendsNoReasoningEffortUnlessAsked() {
        model.replies(answer("ok"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        assertFalse(model.requests().get(0).has("reasoning_effort"));
    }

    @Test
    void rejectsUnknownReasoningEffort() {
        refusedTask("{\"input\":\"hi\",\"reasoning\":\"extreme\"}").body("detail", containsString("none, high"));
    }

    @Test
    void stopsWhenTheModelRepeatsTheSameCall() {
        // given: the same call four times, arguments written differently but equal as JSON
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"2+2\"}"),
                toolCall("call_2", "calculator", "{ \"expression\": \"2+2\" }"),
                toolCall("call_3", "calculator", "{\"expression\":\"2+2\"}"),
                toolCall("call_4", "calculator", "{\"expression\":\"2+2\"}"),
                answer("never reached"));

        // when / then: three identical calls run; the fourth stops the task
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"loop\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("repeated-tool-call"))
                .body("detail", containsString("calculator"))
                .body("detail", containsString("more than 3 times"))
                .body("steps", hasSize(3));
        assertEquals(4, model.received().size(), "no model call after the stop");
    }

    @Smoke
    @Test
    void refusesCallsPastAToolsUseLimitAndGoesOn() {
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1+1\"}"),
                toolCall("call_2", "calculator", "{\"expression\":\"2+2\"}"),
                answer("1+1 is 2; I could not compute 2+2."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"two sums\",\"max_tool_uses\":{\"calculator\":1}}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("steps", hasSize(2))
                .body("steps[0].error", nullValue())
                .body("steps[1].result", nullValue())
                .body("steps[1].error", containsString("calculator may be used at most 1 times per task"));

        JsonNode messages = model.requests().get(2).path("messages");
        JsonNode toolMessage = messages.get(messages.size() - 1);
        assertEquals("tool", toolMessage.path("role").asText());
        assertEquals("call_2", toolMessage.path("tool_call_id").asText());
        assertTrue(toolMessage.path("content").asText().startsWith("error: use limit reached"), toolMessage.toString());
    }

    @Test
    void rejectsUseLimitForAToolTheTaskDoesNotHave() {
        refusedTask("{\"input\":\"hi\",\"tools\":[\"calculator\"],\"max_tool_uses\":{\"http_fetch\":2}}")
                .body("detail", containsString("'max_tool_uses' names 'http_fetch'"));
        refusedTask("{\"input\":\"hi\",\"max_tool_uses\":{\"calculator\":-1}}")
                .body("detail", containsString("zero or more"));
    }
}
