package dev.taskagent.mcp;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.PackagedService;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An MCP server reached over Streamable HTTP ({@code url} and {@code headers}): task-agent's own {@code /mcp}, served
 * by quarkus-mcp-server behind API keys, configured twice, once with the key as a header and once without. The first
 * is connected and its calculator's answer reaches the model; the second is refused (401) and listed as disabled, with that reason.
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
@WithTestResource(McpHttpClientTest.OwnEndpointAsMcpServers.class)
class McpHttpClientTest {

    /** The service listens on a free port chosen here, so that its own /mcp can be configured as MCP servers. */
    public static class OwnEndpointAsMcpServers implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            int port = PackagedService.freePort();
            String url = "http://localhost:" + port + "/mcp";
            return Map.of(
                    "quarkus.http.test-port",
                    String.valueOf(port),
                    "task-agent.mcp.servers.self.url",
                    url,
                    "task-agent.mcp.servers.self.headers.Authorization",
                    ApiKeyResource.bearer(ApiKeyResource.KEY),
                    "task-agent.mcp.servers.keyless.url",
                    url,
                    // the endpoint is not up when the first try is made at start-up
                    "task-agent.mcp.reconnect-initial-delay",
                    "1s",
                    "task-agent.mcp.reconnect-max-delay",
                    "5s");
        }

        @Override
        public void stop() {}
    }

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void serverReady() {
        model.reset();
        Poll.until(
                () -> tools().getBoolean("tools.find { it.name == 'self' }.enabled"),
                Boolean::booleanValue,
                "the server 'self' to be connected");
    }

    private static RequestSpecification withKey() {
        return given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY));
    }

    private static JsonPath tools() {
        return withKey().get("/v1/tools").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void listsTheToolsOfAServerReachedWithItsHeaders() {
        withKey()
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .body(
                        "tools.find { it.name == 'self' }.description",
                        equalTo("Tools of the MCP server 'self' (Streamable HTTP)"))
                .body(
                        "tools.find { it.name == 'self' }.functions.name",
                        hasItems("self__calculator", "self__http_fetch", "self__run_task"))
                .body(
                        "tools.find { it.name == 'self' }.functions.find { it.name == 'self__calculator' }"
                                + ".parameters.properties.expression.type",
                        equalTo("string"));

        JsonPath tools = tools();
        assertFalse(tools.getBoolean("tools.find { it.name == 'keyless' }.enabled"));
        assertTrue(
                tools.getString("tools.find { it.name == 'keyless' }.disabled_reason")
                        .contains("Authorization error"),
                tools.prettify());
    }

    @Test
    void givesTheModelWhatTheRemoteServerComputed() {
        model.replies(
                toolCall("call_1", "self__calculator", "{\"expression\":\"1234 * 5678\"}"),
                answer("1234 * 5678 = 7006652."));

        JsonPath task = Requests.completedTask(
                withKey(), "{\"input\":\"Multiply with the remote calculator.\",\"tools\":[\"self\"]}");

        assertEquals("self__calculator", task.getString("steps[0].tool"));
        assertEquals("{\"expression\":\"1234 * 5678\",\"result\":\"7006652\"}", task.getString("steps[0].result"));
        assertEquals(
                task.getString("steps[0].result"),
                model.lastMessage(1).get("content").asText());
    }
}
