package dev.taskagent.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a WireMock server on a random port that plays an OpenAI-compatible chat-completions endpoint, and points
 * the service at it with a test token and the fixture workspace.
 */
public class OpenAiMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-token-7f3a9c";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return config(server.baseUrl());
    }

    /** The service's settings for a mock at {@code baseUrl}. */
    static Map<String, String> config(String baseUrl) {
        return Map.of(
                "task-agent.model.base-url", baseUrl + "/v1/",
                "task-agent.model.api-key", TOKEN,
                "task-agent.model.timeout", "3s",
                "task-agent.tools.file-search.roots", Path.of("src/test/resources/workspace").toAbsolutePath().toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new OpenAiMock(server.port()),
                new TestInjector.AnnotatedAndMatchesType(InjectOpenAiMock.class, OpenAiMock.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
