package dev.taskagent.security;

import static dev.taskagent.support.OpenAiMock.answer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** With authentication on, as in production: only requests with an accepted key reach the API. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class AuthTest {

    /** Every protected route: method, path (the id is one that does not exist), body. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/v1/tasks", "{\"input\":\"Capital of France?\"}"},
            new String[] {"GET", "/v1/tasks", null},
            new String[] {"GET", "/v1/tasks/task_x", null},
            new String[] {"DELETE", "/v1/tasks/task_x", null},
            new String[] {"POST", "/v1/tasks/task_x/cancel", ""},
            new String[] {"GET", "/v1/tasks/task_x/events", null},
            new String[] {"GET", "/v1/sessions/sess_x", null},
            new String[] {"DELETE", "/v1/sessions/sess_x", null},
            new String[] {"GET", "/v1/tools", null},
            new String[] {
                "POST",
                "/v1/chat/completions",
                "{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            },
            new String[] {"GET", "/v1/models", null},
            new String[] {"GET", "/v1/models/task-agent", null});

    /**
     * Spellings of {@code /v1/@} that a normaliser or decoder could turn back into it, most through the open
     * {@code /q/} prefix.
     */
    private static final List<String> ALIASES = List.of(
            "/q/../v1/@",
            "/q/%2e%2e/v1/@",
            "/q/%2E%2E/v1/@",
            "/q/.%2e/v1/@",
            "/q/%2e./v1/@",
            "/q/health/../../v1/@",
            "/q/health/live/../../../v1/@",
            "/q/./../v1/@",
            "/q//../v1/@",
            "//v1/@",
            "/v1//@",
            "/q;x=y/../v1/@",
            "/q/..;x=y/v1/@",
            "/v1;x=y/@",
            "/q/../v1/@/.",
            "/v1/./@",
            "/q/...%2f..%2fv1/@",
            "/q%2f..%2fv1/@",
            "/q/..%2Fv1/@",
            "/q/..%5cv1/@",
            "/q/..\\v1/@",
            "/q/%252e%252e/v1/@",
            "/V1/@",
            "/Q/../V1/@");

    @InjectOpenAiMock
    OpenAiMock model;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void resetModel() {
        model.reset();
        model.replies(answer("Paris."));
    }

    @Test
    void runsTaskWithValidKey() {
        given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                .contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("Paris."));
    }

    @Test
    void refusesRequestWithoutKeyBeforeCallingTheModel() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Capital of France?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"task-agent\""))
                .header("X-Request-Id", notNullValue())
                .body("code", equalTo("unauthorized"))
                .body("instance", equalTo("/v1/tasks"))
                .body("request_id", startsWith("req_"));

        assertEquals(0, model.received().size());
    }

    @Test
    void refusesWrongKeyWithoutEchoingIt() {
        String wrong = ApiKeyResource.KEY + "x";

        given().header("Authorization", ApiKeyResource.bearer(wrong))
                .contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body(not(containsString(wrong)));
    }

    @Test
    void refusesOtherSchemesAndProtectsEveryApiPath() {
        given().header("Authorization", "Basic " + ApiKeyResource.KEY)
                .when()
                .get("/v1/tools")
                .then()
                .statusCode(401);
        given().when().get("/v1/nothing-here").then().statusCode(401);
        given().header("Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                .when()
                .get("/v1/tools")
                .then()
                .statusCode(200);
    }

    @Test
    void refusesUnauthenticatedBodyBeforeReadingIt() {
        given().contentType(ContentType.JSON)
                .body("{\"input\":\"" + "x".repeat(400_000) + "\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(401);
    }

    @Test
    void leavesOperationsEndpointsOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    static Stream<Arguments> aliasesOfEveryProtectedRoute() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] route : ROUTES) {
            for (String alias : ALIASES) {
                cases.add(Arguments.of(route[0], alias.replace("@", route[1].substring("/v1/".length())), route[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("aliasesOfEveryProtectedRoute")
    void refusesEveryAliasOfAProtectedRouteWithoutAKey(String method, String rawPath, String body) {
        RawHttp.Response response = new RawHttp(base).send(method, rawPath, body);

        assertTrue(
                response.status() == 400 || response.status() == 401,
                method + " " + rawPath + " -> " + response.status() + " " + response.body());
        if (!response.body().isEmpty()) { // an empty 400 is the HTTP codec refusing the request line itself
            assertEquals("application/problem+json", response.header("Content-Type"), response.body());
        }
        if (response.status() == 400 && response.body().contains("invalid-path")) {
            // the server saw the path exactly as written: the socket client does not normalise it
            assertTrue(
                    response.body().contains("\"instance\":\"" + rawPath.replace("\\", "\\\\") + "\""),
                    response.body());
        }
        assertEquals(0, model.received().size(), "no alias may reach the model");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aliasSpellings")
    void refusesAmbiguousPathsEvenWithAValidKey(String rawPath) {
        RawHttp.Response response = new RawHttp(base)
                .send(
                        "POST",
                        rawPath,
                        "{\"input\":\"hi\"}",
                        "Authorization",
                        ApiKeyResource.bearer(ApiKeyResource.KEY));

        assertEquals(400, response.status(), rawPath + " -> " + response.body());
        assertTrue(response.body().isEmpty() || response.body().contains("\"code\":\"invalid-path\""), response.body());
        assertEquals(0, model.received().size());
    }

    static Stream<String> aliasSpellings() {
        return ALIASES.stream()
                .filter(alias -> !alias.startsWith("/V1/") && !alias.startsWith("/Q/"))
                .map(alias -> alias.replace("@", "tasks"));
    }

    @Test
    void servesThePlainPathWithAKeyAndLeavesOperationsOpen() {
        RawHttp http = new RawHttp(base);
        assertEquals(
                200,
                http.send("GET", "/v1/tools", null, "Authorization", ApiKeyResource.bearer(ApiKeyResource.KEY))
                        .status());
        assertEquals(200, http.send("GET", "/q/health/live", null).status());
        assertEquals(401, http.send("GET", "/v1/tools", null).status());
    }

    @Test
    void answersTheBareAddressWithoutAKeyPointingToTheApiDescription() {
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("api", equalTo("/v1/tasks"))
                .body("swagger_ui", equalTo("/q/swagger-ui"))
                .body("api_description", equalTo("/q/openapi"))
                .body("docs", containsString("docs/api.md"));

        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/v1/tools").then().statusCode(401);
    }
}
