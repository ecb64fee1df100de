package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Model choice per task: from the configured allowlist, refused when unknown or unable, priced at its own rates. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class ModelChoiceTest {

    static final String PNG = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void runsTheTaskOnTheChosenModelAndPricesItsTokensAtThatModelsRates() {
        // given: the mock bills 150 input and 30 output tokens
        model.replies(answer("Done."));

        // when
        JsonPath task = given().contentType(ContentType.JSON)
                .body("{\"input\":\"Refactor this.\",\"tools\":[],\"model\":\"mistralai/devstral-2512\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        // then: Devstral 2 at $0.40 / $2.00 per million tokens
        assertEquals(
                "mistralai/devstral-2512", model.requests().get(0).path("model").asText());
        assertEquals("mistralai/devstral-2512", task.getString("model"));
        assertEquals((150 * 0.40 + 30 * 2.00) / 1e6, task.getDouble("usage.cost_usd"), 1e-12);
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("task_agent_model_cost_usd_total")
                                && line.contains("model=\"mistralai/devstral-2512\"")),
                "the cost metric is labelled with the chosen model");
    }

    @Test
    void runsOnTheDefaultModelWhenNoneIsNamed() {
        model.replies(answer("Done."));

        JsonPath task = given().contentType(ContentType.JSON)
                .body("{\"input\":\"Hello\",\"tools\":[]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertEquals(
                "mistralai/mistral-small-2603",
                model.requests().get(0).path("model").asText());
        assertEquals((150 * 0.15 + 30 * 0.60) / 1e6, task.getDouble("usage.cost_usd"), 1e-12);
    }

    @Test
    void refusesAnUnknownModelNamingTheAllowedOnes() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Hello\",\"model\":\"gpt-4o\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("param", equalTo("model"))
                .body("detail", containsString("unknown model 'gpt-4o'"))
                .body("detail", containsString("mistralai/ministral-14b-2512"))
                .body("detail", containsString("mistralai/mistral-medium-3.1"));
        assertEquals(0, model.received().size());
    }

    @Test
    void refusesImagesForAModelThatTakesNone() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is this?\",\"model\":\"mistralai/devstral-2512\",\"images\":[\"" + PNG
                        + "\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", containsString("does not take images"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mistralai/devstral-2512\",\"messages\":[{\"role\":\"user\",\"content\":["
                        + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + PNG + "\"}}]}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("does not take images"));
        assertEquals(0, model.received().size());
    }

    @Test
    void sendsImagesToAModelThatTakesThem() {
        model.replies(answer("A dot."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is this?\",\"tools\":[],\"model\":\"mistralai/ministral-14b-2512\","
                        + "\"images\":[\"" + PNG + "\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        assertTrue(model.requests().get(0).path("messages").toString().contains("image_url"));
    }

    @Test
    void refusesAReasoningEffortForAModelThatTakesNone() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Hello\",\"model\":\"mistralai/mistral-medium-3.1\",\"reasoning\":\"high\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", containsString("does not take a reasoning effort"));
    }

    @Test
    void answersAChatCompletionForEveryAllowedModelIdEchoingIt() {
        model.replies(answer("Bonjour."));

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mistralai/mistral-medium-3.1\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in French.\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .body("model", equalTo("mistralai/mistral-medium-3.1"))
                .body("choices[0].message.content", equalTo("Bonjour."));

        assertEquals(
                "mistralai/mistral-medium-3.1",
                model.requests().get(0).path("model").asText());
    }
}
