package dev.taskagent.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripts the mock model: each call to {@link #replies} queues the chat-completions responses the endpoint gives,
 * in order, as a WireMock scenario. Every body is real chat-completions JSON, built in one place here. A request with
 * {@code "stream": true} gets the same reply as a real stream, as Puter sends it: {@code chat.completion.chunk}
 * lines, the text in pieces, each tool call whole in one chunk, a usage chunk, then {@code data: [DONE]}.
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
        repliesAfter(0, bodies);
    }

    /**
     * Like {@link #replies}, each reply sent only after {@code millis}; a streamed request gets the same reply as
     * chunks.
     */
    public void repliesAfter(int millis, String... bodies) {
        inOrder(Arrays.stream(bodies)
                .map(body -> new ResponseDefinitionBuilder[] {
                    ok(body).withFixedDelay(millis), chunked(body).withFixedDelay(millis)
                })
                .toList());
    }

    /** The endpoint gives these responses, one per request, in order, streamed or not; the last one repeats. */
    public void respondsInOrder(ResponseDefinitionBuilder... responses) {
        inOrder(Arrays.stream(responses)
                .map(response -> new ResponseDefinitionBuilder[] {response, null})
                .toList());
    }

    /** Each step: the response to a plain request, and the one to a streamed request (null: the same). */
    private void inOrder(List<ResponseDefinitionBuilder[]> steps) {
        String scenario = "chat-" + SCENARIOS.incrementAndGet();
        for (int i = 0; i < steps.size(); i++) {
            String state = i == 0 ? Scenario.STARTED : "step-" + i;
            String next = i + 1 < steps.size() ? "step-" + (i + 1) : null;
            ResponseDefinitionBuilder plain = steps.get(i)[0];
            ResponseDefinitionBuilder streamed = steps.get(i)[1];
            List<MappingBuilder> stubs = streamed == null
                    ? List.of(post(urlEqualTo(PATH)).willReturn(plain))
                    : List.of(
                            post(urlEqualTo(PATH)).atPriority(2).willReturn(plain),
                            post(urlEqualTo(PATH))
                                    .atPriority(1)
                                    .withRequestBody(matchingJsonPath("$[?(@.stream == true)]"))
                                    .willReturn(streamed));
            for (MappingBuilder stub : stubs) {
                var step = stub.inScenario(scenario).whenScenarioStateIs(state);
                server.register(next == null ? step : step.willSetStateTo(next));
            }
        }
    }

    /** A successful chat-completions response with this body. */
    public static ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** A successful streamed response: the chunks of this completion ({@link #chunks}). */
    public static ResponseDefinitionBuilder chunked(String completion) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(chunks(completion));
    }

    /** An error response with a JSON body. */
    public static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** The endpoint fails with this status and body. */
    public void fails(int status, String body) {
        server.register(post(urlEqualTo(PATH)).willReturn(error(status, body)));
    }

    /** The endpoint answers, but only after {@code millis}. */
    public void delays(int millis, String body) {
        repliesAfter(millis, body);
    }

    /** Whether the service asked for a streamed reply in request {@code index}. */
    public boolean streamed(int index) {
        return requests().get(index).path("stream").asBoolean(false);
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

    /**
     * The stream of chunks a streaming endpoint sends for {@code completion}: the role, the text in word-sized pieces,
     * each tool call whole, the finish reason, the usage, and {@code [DONE]}.
     */
    public static String chunks(String completion) {
        JsonNode root = parse(completion);
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        StringBuilder sse = new StringBuilder();
        sse.append(chunk(root, delta().put("role", "assistant").put("content", ""), null));
        String content = message.path("content").asText("");
        for (String piece : content.split("(?<= )")) {
            if (!piece.isEmpty()) {
                sse.append(chunk(root, delta().put("content", piece), null));
            }
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode delta = delta();
            ObjectNode call = delta.putArray("tool_calls").addObject().put("index", i);
            call.setAll((ObjectNode) calls.get(i).deepCopy());
            sse.append(chunk(root, delta, null));
        }
        sse.append(chunk(root, delta(), choice.path("finish_reason").asText()));
        ObjectNode usage = header(root);
        usage.putArray("choices");
        usage.set("usage", root.path("usage"));
        sse.append("data: ").append(usage).append("\n\n");
        sse.append("data: [DONE]\n\n");
        return sse.toString();
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
        root.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    private static ObjectNode delta() {
        return JSON.createObjectNode();
    }

    private static String chunk(JsonNode completion, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header(completion);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return "data: " + chunk + "\n\n";
    }

    private static ObjectNode header(JsonNode completion) {
        return JSON.createObjectNode()
                .put("id", completion.path("id").asText())
                .put("object", "chat.completion.chunk")
                .put("created", completion.path("created").asLong())
                .put("model", completion.path("model").asText());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("the service sent a body that is not JSON: " + body, e);
        }
    }
}
