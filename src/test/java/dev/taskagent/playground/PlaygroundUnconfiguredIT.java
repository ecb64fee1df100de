package dev.taskagent.playground;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.ApiKeyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The playground of a packaged service started without a model token (and, should it call anyway, an unreachable
 * model endpoint): the page says so in a sentence.
 */
@QuarkusIntegrationTest
@WithTestResource(
        value = ApiKeyResource.class,
        initArgs = {
            @ResourceArg(name = "task-agent.model.api-key", value = ""),
            @ResourceArg(name = "task-agent.model.base-url", value = "http://127.0.0.1:9/v1/")
        })
class PlaygroundUnconfiguredIT {

    @TestHTTPResource("/")
    URL service;

    @Test
    void showsAClearMessageWhenTheServiceHasNoModelToken() throws IOException {
        PlaygroundBrowser.checkInstalled();
        try (PlaygroundBrowser browser = PlaygroundBrowser.open(service)) {
            // given
            browser.openWithKey(ApiKeyResource.KEY);

            // when
            browser.runTask("What is 2+2?");

            // then
            WebElement problem = browser.waitForText("problem", "no model token configured");
            assertTrue(problem.getText().contains("PUTER_AUTH_TOKEN"), "it names what to set: " + problem.getText());
            assertFalse(problem.getText().contains("{"), "a sentence, not JSON: " + problem.getText());
            browser.screenshot("showsAClearMessageWhenTheServiceHasNoModelToken");
        }
    }
}
