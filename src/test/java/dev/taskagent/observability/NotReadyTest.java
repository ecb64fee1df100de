package dev.taskagent.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a model token, or with a workspace root that is not there, the service is alive but not ready. */
@QuarkusTest
@TestProfile(NotReadyTest.Misconfigured.class)
class NotReadyTest {

    public static class Misconfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "task-agent.model.api-key",
                    "",
                    "task-agent.model.base-url",
                    "http://127.0.0.1:9/v1/",
                    "task-agent.tools.file-search.roots",
                    "/no/such/workspace");
        }
    }

    @Test
    void reportsWhatIsMissingAndStaysAlive() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(
                        "checks.find { it.name == 'task-agent configuration' }.data.model_token",
                        containsString("PUTER_AUTH_TOKEN"))
                .body(
                        "checks.find { it.name == 'task-agent configuration' }.data.'workspace /no/such/workspace'",
                        equalTo("not a readable directory"));
    }
}
