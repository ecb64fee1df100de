package dev.taskagent.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.support.Requests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * http_fetch end to end: the model asks for a page, the service fetches it (from the mock server, on loopback, which
 * this profile allows explicitly) and sends its text back, and the task lists it as a source.
 */
@QuarkusTest
@TestProfile(FetchToolTest.IntranetAllowed.class)
@WithTestResource(OpenAiMockResource.class)
class FetchToolTest {

    /**
     * Loopback fetching allowed; also short tool-call and task deadlines, for {@link TasksAlwaysEndTest}, which shares
     * this profile (and so this service start).
     */
    public static class IntranetAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "task-agent.tools.fetch.allow-private-addresses", "true",
                    "task-agent.tools.fetch.max-uses", "2",
                    "task-agent.tools.call-timeout", "2s",
                    "task-agent.tasks.deadline", "30s");
        }
    }

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void servePage() {
        model.reset();
        model.server()
                .register(get(urlEqualTo("/docs/release.html"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "text/html; charset=utf-8")
                                .withBody("<html><head><title>Release 4.2</title><script>steal()</script></head>"
                                        + "<body><nav>menu</nav><main><h1>Release 4.2</h1><p>Shipped on 12 March.</p></main>"
                                        + "</body></html>")));
    }

    @Test
    void fetchesPageSendsTextToModelAndListsSource() {
        String url = model.baseUrl() + "/docs/release.html";
        model.replies(
                toolCall("call_1", "http_fetch", "{\"url\":\"" + url + "\"}"),
                answer("Release 4.2 shipped on 12 March."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"When did release 4.2 ship?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].tool", equalTo("http_fetch"))
                .body("steps[0].error", nullValue())
                .body("steps[0].result", containsString("Shipped on 12 March."))
                .body("sources", hasSize(1))
                .body("sources[0].url", equalTo(url))
                .body("sources[0].status", equalTo(200))
                .body("sources[0].title", equalTo("Release 4.2"));

        JsonNode toolMessage = model.lastMessage(1);
        String sent = toolMessage.path("content").asText();
        assertTrue(sent.contains("Shipped on 12 March."), sent);
        assertTrue(!sent.contains("steal()"), "scripts are dropped: " + sent);
        assertEquals(
                1,
                model.server()
                        .find(getRequestedFor(urlEqualTo("/docs/release.html")))
                        .size());
    }

    @Test
    void refusesDomainOutsideTheTasksAllowedDomains() {
        String url = model.baseUrl() + "/docs/release.html";
        model.replies(
                toolCall("call_1", "http_fetch", "{\"url\":\"" + url + "\"}"), answer("I may not read that site."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"read it\",\"fetch\":{\"allowed_domains\":[\"example.com\"]}}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].error", containsString("allowed"))
                .body("sources", hasSize(0));
        assertEquals(
                0,
                model.server()
                        .find(getRequestedFor(urlEqualTo("/docs/release.html")))
                        .size(),
                "nothing was fetched");
    }

    @Test
    void stopsFetchingAfterMaxUses() {
        String url = model.baseUrl() + "/docs/release.html";
        String call = "{\"url\":\"" + url + "\"}";
        model.replies(
                toolCall("call_1", "http_fetch", call),
                toolCall("call_2", "http_fetch", call),
                toolCall("call_3", "http_fetch", call),
                answer("done"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"read it three times\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps", hasSize(3))
                .body("steps[1].error", nullValue())
                .body("steps[2].error", containsString("http_fetch may be used at most 2 times"));
        assertEquals(
                2,
                model.server()
                        .find(getRequestedFor(urlEqualTo("/docs/release.html")))
                        .size());
    }

    @Test
    void cancelStopsAFetchInProgress() {
        // given: a page slower than the test is willing to wait
        model.server()
                .register(get(urlEqualTo("/docs/slow.html"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withFixedDelay(8_000)
                                .withHeader("Content-Type", "text/plain")
                                .withBody("late")));
        String url = model.baseUrl() + "/docs/slow.html";
        model.replies(toolCall("call_1", "http_fetch", "{\"url\":\"" + url + "\"}"), answer("never reached"));
        String id = Requests.acceptedTask("{\"input\":\"read the slow page\",\"background\":true}");
        Poll.until(
                () -> model.server()
                        .find(getRequestedFor(urlEqualTo("/docs/slow.html")))
                        .size(),
                n -> n == 1,
                "the fetch to start");

        // when
        given().when()
                .delete("/v1/tasks/" + id)
                // then: the fetch was abandoned at once, its step says so, and the model was not asked again
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("steps", hasSize(1))
                .body("steps[0].tool", equalTo("http_fetch"))
                .body("steps[0].error", equalTo("cancelled"));
        assertEquals(1, model.received().size());
    }

    @Test
    void rejectsInvalidAllowedDomain() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"x\",\"fetch\":{\"allowed_domains\":[\"http://example.com/\"]}}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("allowed_domains"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*",
                "*.example.com",
                "exa mple.com",
                "",
                "https://example.com",
                "example.com:443",
                "example.com/docs",
                "exa_mple.com"
            })
    void refusesAllowedDomainThatIsNotAHostNameBeforeAnyModelCall(String entry) {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"x\",\"fetch\":{\"allowed_domains\":[\"" + entry + "\"]}}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("detail", containsString("'fetch.allowed_domains' entry '" + entry + "'"))
                .body("detail", containsString("no wildcards, schemes, ports, paths or spaces"));
        assertEquals(0, model.received().size());
    }
}
