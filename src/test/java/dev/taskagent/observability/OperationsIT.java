package dev.taskagent.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in the prod profile, authentication on: the operations endpoints answer without a key
 * (probes and scrapers carry none), the API does not, and the API description ships with it.
 */
@QuarkusIntegrationTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class OperationsIT {

    @Test
    void servesProbesMetricsAndApiDescriptionWithoutKeyButNotTheApi() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/v1/tasks"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/v1/tools").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                .when()
                .get("/v1/tools")
                .then()
                .statusCode(200);
    }
}
