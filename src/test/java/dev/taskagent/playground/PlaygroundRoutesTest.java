package dev.taskagent.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The playground's routes on a bare Vert.x router: the fixed files, their security headers, the off switch. */
class PlaygroundRoutesTest {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void servesThePageWithAContentSecurityPolicyThatAllowsOnlyOwnScripts() throws Exception {
        // given
        int port = start(new PlaygroundRoutes(true, 1234));

        // when
        HttpResponse<String> page = get(port, "/", "text/html,application/xhtml+xml,*/*;q=0.8");

        // then
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals(
                "nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
        assertTrue(page.body().contains("content=\"1234\""), "the page is told the image size limit");
        assertFalse(page.body().contains("<script>"), "no inline script, which the policy would block anyway");
    }

    @Test
    void servesItsScriptAndStyleAsModulesFromTheSameOrigin() throws Exception {
        // given
        int port = start(new PlaygroundRoutes(true, 1));

        // when
        HttpResponse<String> script = get(port, "/playground/playground.js");
        HttpResponse<String> style = get(port, "/playground/playground.css");

        // then
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertTrue(script.body().contains("textContent"));
        assertFalse(script.body().contains("innerHTML"), "model output must never be parsed as HTML");
        assertEquals(200, style.statusCode());
        assertTrue(style.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
    }

    @Test
    void servesNothingElseUnderItsPrefix() throws Exception {
        // given
        int port = start(new PlaygroundRoutes(true, 1));

        // when / then
        assertEquals(404, get(port, "/playground/index.html").statusCode());
        assertEquals(404, get(port, "/playground/../application.properties").statusCode());
        assertEquals(404, get(port, "/playground/%2e%2e/application.properties").statusCode());
    }

    @Test
    void leavesTheRootToTheLandingDocumentForClientsThatDoNotAskForHtml() throws Exception {
        // given
        int port = start(new PlaygroundRoutes(true, 1));

        // when / then: nothing else is routed here, so the request falls through to a 404
        assertEquals(404, get(port, "/", "application/json").statusCode());
        assertEquals(404, get(port, "/", null).statusCode());
        assertEquals(200, get(port, "/", "text/html").statusCode());
    }

    @Test
    void servesNoPageWhenSwitchedOff() throws Exception {
        // given
        int port = start(new PlaygroundRoutes(false, 1));

        // when / then
        assertEquals(404, get(port, "/", "text/html").statusCode());
        assertEquals(404, get(port, "/playground/playground.js").statusCode());
    }

    private int start(PlaygroundRoutes routes) throws Exception {
        Router router = Router.router(vertx);
        routes.register(router);
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return get(port, path, null);
    }

    private HttpResponse<String> get(int port, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
