package dev.taskagent.support;

import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For checks against the packaged application, which runs with authentication on (see {@link ApiKeyResource}):
 * every request the test class makes carries the test key.
 */
public class SendsTestKey implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        RestAssured.filters((request, response, next) -> {
            request.header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY));
            return next.next(request, response);
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RestAssured.replaceFiltersWith(List.of());
    }
}
