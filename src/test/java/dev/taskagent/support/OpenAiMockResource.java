package dev.taskagent.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a WireMock server on a random port that plays an OpenAI-compatible chat-completions endpoint, and points
 * the service at it with a test token and the fixture workspace. Retries back off for milliseconds only, and the
 * circuit breaker needs far more calls than a test class makes, so failure tests neither wait nor trip it; a test
 * class changes any of these with {@code initArgs}.
 */
public class OpenAiMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-token-7f3a9c";

    private WireMockServer server;
    private Map<String, String> overrides = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        Map<String, String> config = new HashMap<>(config(server.baseUrl()));
        config.putAll(overrides);
        return config;
    }

    /** The service's settings for a mock at {@code baseUrl}. */
    static Map<String, String> config(String baseUrl) {
        return Map.of(
                "task-agent.model.base-url", baseUrl + "/v1/",
                "task-agent.model.api-key", TOKEN,
                "task-agent.model.timeout", "3s",
                "task-agent.model.retry.initial-delay", "10ms",
                "task-agent.model.retry.max-delay", "40ms",
                "task-agent.model.retry.max-retry-after", "2s",
                "task-agent.model.circuit-breaker.request-volume", "1000",
                // the service-wide retry budget is shared by every test of a class; RetryBudgetTest tests it
                "task-agent.model.retry.budget-reserve", "100000",
                // short, so that a test sees a heartbeat without waiting long
                "task-agent.events.heartbeat", "300ms",
                "task-agent.tools.file-search.roots",
                        Path.of("src/test/resources/workspace").toAbsolutePath().toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                new OpenAiMock(server.port()),
                new TestInjector.AnnotatedAndMatchesType(InjectOpenAiMock.class, OpenAiMock.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
