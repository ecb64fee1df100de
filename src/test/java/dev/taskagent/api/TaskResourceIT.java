package dev.taskagent.api;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * The same end-to-end checks against the packaged application (jar, or native binary with -Dnative), in the prod
 * profile: authentication is on, so every request carries the test key.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ApiKeyResource.class, restrictToAnnotatedClass = true)
class TaskResourceIT extends TaskResourceTest {

    @BeforeAll
    static void sendTestKey() {
        RestAssured.filters((request, response, next) -> {
            request.header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY));
            return next.next(request, response);
        });
    }

    @AfterAll
    static void stopSendingTestKey() {
        RestAssured.replaceFiltersWith(List.of());
    }
}
