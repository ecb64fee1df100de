package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Requests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With authentication on, tasks and sessions belong to the key that made them: no other key sees them. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class OwnershipTest {

    static final String MINE = ApiKeyResource.KEY;
    static final String THEIRS = ApiKeyResource.OTHER_KEYS.get(0);

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void showsAndCancelsATaskOnlyForTheKeyThatMadeIt() {
        // given
        model.replies(answer("mine"));
        String id = Requests.acceptedTask(as(MINE), "{\"input\":\"private question\",\"background\":true}");

        // then: another key finds nothing, by id or in the list, and cannot cancel it
        as(THEIRS).when().get("/v1/tasks/" + id).then().statusCode(404).body("code", equalTo("not-found"));
        as(THEIRS).when().get("/v1/tasks/" + id + "/events").then().statusCode(404);
        as(THEIRS).when().delete("/v1/tasks/" + id).then().statusCode(404);
        as(THEIRS).when().get("/v1/tasks?limit=100").then().statusCode(200).body("tasks.id", not(hasItem(id)));
        as(MINE).when().get("/v1/tasks?limit=100").then().statusCode(200).body("tasks.id", hasItem(id));
        as(MINE).when().get("/v1/tasks/" + id).then().statusCode(200).body("input", equalTo("private question"));
    }

    @Test
    void keepsTheSameSessionNameOfTwoKeysApart() {
        model.replies(answer("Noted: 7."), answer("I do not know."));
        as(MINE).contentType(ContentType.JSON)
                .body("{\"input\":\"The code is 7.\",\"session\":\"notes\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        as(THEIRS)
                .contentType(ContentType.JSON)
                .body("{\"input\":\"What is the code?\",\"session\":\"notes\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        assertEquals(
                List.of("system", "user"),
                model.requests().get(1).path("messages").findValuesAsText("role"),
                "the other key's task starts a conversation of its own");
        as(MINE).when()
                .get("/v1/sessions/notes")
                .then()
                .statusCode(200)
                .body("messages[0].text", equalTo("The code is 7."));
        as(THEIRS)
                .when()
                .get("/v1/sessions/notes")
                .then()
                .statusCode(200)
                .body("messages[0].text", equalTo("What is the code?"));
        as(THEIRS).when().delete("/v1/sessions/notes").then().statusCode(204);
        as(MINE).when().get("/v1/sessions/notes").then().statusCode(200);
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", ApiKeyResource.bearer(key));
    }
}
