package dev.taskagent.security;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With authentication on, as in production: only requests with an accepted key reach the API. */
@QuarkusTest
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ApiKeyResource.class, restrictToAnnotatedClass = true)
class AuthTest {

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
        model.replies(answer("Paris."));
    }

    @Test
    void runsTaskWithValidKey() {
        given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                .contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("Paris."));
    }

    @Test
    void refusesRequestWithoutKeyBeforeCallingTheModel() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"task-agent\""))
                .header("X-Request-Id", notNullValue())
                .body("code", equalTo("unauthorized"))
                .body("instance", equalTo("/v1/tasks"))
                .body("request_id", startsWith("req_"));

        assertEquals(0, model.received().size());
    }

    @Test
    void refusesWrongKeyWithoutEchoingIt() {
        String wrong = ApiKeyResource.KEY + "x";

        given().header("Authorization", ApiKeyResource.bearer(wrong))
                .contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body(not(containsString(wrong)));
    }

    @Test
    void refusesOtherSchemesAndProtectsEveryApiPath() {
        given().header("Authorization", "Basic " + ApiKeyResource.KEY)
                .when()
                .get("/v1/tools")
                .then()
                .statusCode(401);
        given().when().get("/v1/nothing-here").then().statusCode(401);
        given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                .when()
                .get("/v1/tools")
                .then()
                .statusCode(200);
    }

    @Test
    void refusesUnauthenticatedBodyBeforeReadingIt() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"" + "x".repeat(400_000) + "\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401);
    }

    @Test
    void leavesOperationsEndpointsOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void answersTheBareAddressWithoutAKeyPointingToTheApiDescription() {
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("api", equalTo("/v1/tasks"))
                .body("swagger_ui", equalTo("/q/swagger-ui"))
                .body("api_description", equalTo("/q/openapi"))
                .body("docs", containsString("docs/api.md"));

        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/v1/tools").then().statusCode(401);
    }
}
