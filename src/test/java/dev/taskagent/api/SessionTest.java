package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.Requests.refusedTask;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.agent.Conversation;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Smoke;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions: tasks naming the same session continue one conversation; other tasks do not see it. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class SessionTest {

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Smoke
    @Test
    void continuesTheConversationOfEarlierTasksInTheSameSession() {
        // given
        model.replies(answer("Nice to meet you, Ada."), answer("Your name is Ada."));
        run("{\"input\":\"My name is Ada.\",\"session\":\"chat-1\"}");

        // when
        run("{\"input\":\"What is my name?\",\"session\":\"chat-1\"}");

        // then: the second call carries the first turn between the system prompt and the new input
        JsonNode messages = model.requests().get(1).path("messages");
        assertEquals(List.of("system", "user", "assistant", "user"), roles(messages));
        assertEquals("My name is Ada.", messages.get(1).path("content").asText());
        assertEquals("Nice to meet you, Ada.", messages.get(2).path("content").asText());
        assertEquals("What is my name?", messages.get(3).path("content").asText());

        given().when()
                .get("/v1/sessions/chat-1")
                .then()
                .statusCode(200)
                .body("id", equalTo("chat-1"))
                .body("messages", hasSize(4))
                .body("messages[0].role", equalTo("user"))
                .body("messages[3].text", equalTo("Your name is Ada."))
                .body("expires_at", notNullValue());
    }

    @Test
    void keepsSessionsApartAndTasksWithoutSessionAlone() {
        model.replies(answer("Noted."), answer("I do not know."), answer("Still no idea."));
        run("{\"input\":\"The code is 7.\",\"session\":\"vault\"}");

        run("{\"input\":\"What is the code?\",\"session\":\"other\"}");
        run("{\"input\":\"What is the code?\"}");

        assertEquals(List.of("system", "user"), roles(model.requests().get(1).path("messages")));
        assertEquals(List.of("system", "user"), roles(model.requests().get(2).path("messages")));
    }

    @Test
    void forgetsDeletedSession() {
        model.replies(answer("Remembered."), answer("Fresh start."));
        run("{\"input\":\"Remember 42.\",\"session\":\"gone\"}");

        given().when().delete("/v1/sessions/gone").then().statusCode(204);
        run("{\"input\":\"What did I ask?\",\"session\":\"gone\"}");

        assertEquals(List.of("system", "user"), roles(model.requests().get(1).path("messages")));
        given().when()
                .delete("/v1/sessions/unknown-session")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"));
        given().when().get("/v1/sessions/unknown-session").then().statusCode(404);
    }

    @Test
    void remembersNothingOfAFailedTask() {
        model.fails(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Remember 9.\",\"session\":\"flaky\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(502);

        given().when().get("/v1/sessions/flaky").then().statusCode(404);
    }

    @Test
    void rejectsInvalidSessionId() {
        refusedTask("{\"input\":\"hi\",\"session\":\"no spaces allowed\"}").body("detail", containsString("'session'"));
        assertEquals(0, model.received().size());
    }

    @Test
    @DisabledOnIntegrationTest("calls the application's classes in this JVM")
    void aSessionsConversationSurvivesJsonForASharedStore() {
        // LangChain4j's message codec needs the running application, so this is checked here and not in SessionsTest
        Conversation conversation =
                Conversation.empty().user("question").assistant("answer").user("more");

        assertEquals(
                conversation.view(),
                Conversation.fromJson(conversation.toJson()).view());
    }

    private static void run(String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);
    }

    private static List<String> roles(JsonNode messages) {
        return messages.findValuesAsText("role");
    }
}
