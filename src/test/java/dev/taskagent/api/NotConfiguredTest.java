package dev.taskagent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service starts with no model token and no workspace, and says what to set. */
@QuarkusTest
@TestProfile(NotConfiguredTest.Unconfigured.class)
class NotConfiguredTest {

    /** A file of this test JVM's own, so lines of earlier runs never count. */
    static final Path LOG =
            Path.of("target/not-configured-" + ProcessHandle.current().pid() + ".log");

    public static class Unconfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // an unreachable endpoint: if the service ever called it, the test would see 502, not 503
            return Map.of(
                    "task-agent.model.api-key",
                    "",
                    "task-agent.model.base-url",
                    "http://127.0.0.1:9/v1/",
                    "quarkus.log.file.enabled",
                    "true",
                    "quarkus.log.file.path",
                    LOG.toString());
        }
    }

    @Test
    void failsTaskWith503NamingTheTokenVariable() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"What is 2+2?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("model-not-configured"))
                .body("detail", containsString("PUTER_AUTH_TOKEN"));
    }

    @Test
    void listsFileSearchAsDisabledWithReason() {
        given().when()
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .body("tools.find { it.name == 'file_search' }.enabled", equalTo(false))
                .body("tools.find { it.name == 'file_search' }.disabled_reason", containsString("no workspace roots"))
                .body("tools.find { it.name == 'calculator' }.enabled", equalTo(true));
    }

    @Test
    void rejectsExplicitlyRequestedDisabledTool() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"find x\",\"tools\":[\"file_search\"]}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .body("detail", containsString("'file_search' is disabled"));
    }

    @Test
    void warnsAtStartThatNoModelTokenIsSetNamingTheVariable() throws Exception {
        List<String> warnings = Files.readAllLines(LOG).stream()
                .filter(line -> line.contains("WARN") && line.contains("no model token"))
                .toList();

        assertEquals(1, warnings.size(), "one warning at start: " + warnings);
        assertTrue(warnings.get(0).contains("PUTER_AUTH_TOKEN"), warnings.get(0));
    }
}
