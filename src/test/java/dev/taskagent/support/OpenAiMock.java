package dev.taskagent.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Scripts the mock model: each call to {@link #replies} queues the chat-completions responses the endpoint gives,
 * in order, as a WireMock scenario. Every body is real chat-completions JSON, built in one place here.
 */
public final class OpenAiMock {

    public static final String PATH = "/v1/chat/completions";
    public static final String MODEL = "mistralai/mistral-small-2603";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SCENARIOS = new AtomicInteger();

    /** System property holding the mock's port, readable from any class loader of the test JVM. */
    static final String PORT_PROPERTY = "taskagent.test.openai-mock-port";

    private final int port;
    private final WireMock server;

    OpenAiMock(int port) {
        this.port = port;
        this.server = new WireMock("localhost", port);
    }

    /**
     * One mock for the whole test JVM, started on first use and reached through WireMock's admin API from any class
     * loader — for {@code @QuarkusMainTest}s, whose application starts anew at each launch; pair it with
     * {@link SharedOpenAiMockResource}, which points each launch at it.
     */
    public static synchronized OpenAiMock shared() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            port = Integer.toString(server.port());
            System.setProperty(PORT_PROPERTY, port);
        }
        return new OpenAiMock(Integer.parseInt(port));
    }

    /** WireMock's client for this server, e.g. to serve pages a tool fetches. */
    public WireMock server() {
        return server;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public void reset() {
        server.resetToDefaultMappings();
        server.resetRequests();
        server.resetScenarios();
    }

    /** The model answers with these bodies, one per request, in order; the last one repeats. */
    public void replies(String... bodies) {
        respondsInOrder(Arrays.stream(bodies).map(OpenAiMock::ok).toArray(ResponseDefinitionBuilder[]::new));
    }

    /** The endpoint gives these responses, one per request, in order; the last one repeats. */
    public void respondsInOrder(ResponseDefinitionBuilder... responses) {
        String scenario = "chat-" + SCENARIOS.incrementAndGet();
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "step-" + i;
            var stub = post(urlEqualTo(PATH)).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses[i]);
            if (i + 1 < responses.length) {
                stub = stub.willSetStateTo("step-" + (i + 1));
            }
            server.register(stub);
        }
    }

    /** A successful chat-completions response with this body. */
    public static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** An error response with a JSON body. */
    public static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The endpoint fails with this status and body. */
    public void fails(int status, String body) {
        server.register(post(urlEqualTo(PATH)).willReturn(error(status, body)));
    }

    /** The endpoint answers, but only after {@code millis}. */
    public void delays(int millis, String body) {
        server.register(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(millis)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** Request bodies the endpoint received, in order, parsed. */
    public List<JsonNode> requests() {
        return received().stream().map(r -> parse(r.getBodyAsString())).toList();
    }

    /** The last message of the {@code index}-th request: after a tool call, what the service sent back. */
    public JsonNode lastMessage(int index) {
        JsonNode messages = requests().get(index).path("messages");
        return messages.get(messages.size() - 1);
    }

    public List<LoggedRequest> received() {
        return server.find(postRequestedFor(urlEqualTo(PATH)));
    }

    /** A reply in which the model calls one tool. */
    public static String toolCall(String callId, String function, String argumentsJson) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", callId).put("type", "function");
        call.putObject("function").put("name", function).put("arguments", argumentsJson);
        return completion(message, "tool_calls", 120, 20);
    }

    /** A reply in which the model gives its final answer. */
    public static String answer(String text) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
        return completion(message, "stop", 150, 30);
    }

    private static String completion(ObjectNode message, String finishReason, int promptTokens, int completionTokens) {
        ObjectNode root = JSON.createObjectNode()
                .put("id", "chatcmpl-" + SCENARIOS.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", 1_764_000_000L)
                .put("model", MODEL);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("the service sent a body that is not JSON: " + body, e);
        }
    }
}
