package dev.taskagent.lifecycle;

import static dev.taskagent.support.OpenAiMock.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.PackagedService;
import dev.taskagent.support.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged service stopped by SIGTERM while a task runs: new requests are refused, the running one finishes; an
 * MCP client's open event stream is ended rather than held until the shutdown timeout.
 */
class ShutdownIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenATaskInFlight_whenSigterm_thenNewRequestsGet503WithConnectionCloseAndTheTaskFinishes() throws Exception {
        OpenAiMock model = OpenAiMock.shared();
        model.reset();
        model.delays(8_000, answer("finished after the signal"));
        try (PackagedService service = PackagedService.launch(
                Map.of(),
                Map.of(
                        "task-agent.model.timeout", "60s",
                        // the test asks again and again; the per-key rate must not be what refuses it
                        "task-agent.limits.requests-per-minute", "100000",
                        "task-agent.limits.burst", "10000"),
                "serve")) {
            assertTrue(service.awaitOutput("Listening on", Duration.ofMinutes(3)), service.output());
            RawHttp http = new RawHttp(service.base());
            CompletableFuture<RawHttp.Response> inFlight =
                    CompletableFuture.supplyAsync(() -> http.send("POST", "/v1/tasks", "{\"input\":\"slow one\"}"));
            long waited = System.nanoTime();
            while (model.received().isEmpty()) {
                assertTrue(System.nanoTime() - waited < TimeUnit.MINUTES.toNanos(1), "the task never called the model");
                Thread.sleep(20);
            }

            service.process().destroy(); // SIGTERM

            RawHttp.Response refused = firstRefusal(http);
            assertEquals(503, refused.status(), refused.body());
            assertEquals("close", refused.header("Connection"));
            assertEquals("application/problem+json", refused.header("Content-Type"));
            assertTrue(refused.body().contains("\"code\":\"shutting-down\""), refused.body());

            RawHttp.Response finished = inFlight.get(2, TimeUnit.MINUTES);
            assertEquals(200, finished.status(), finished.body());
            assertTrue(finished.body().contains("finished after the signal"), finished.body());
            assertTrue(service.process().waitFor(2, TimeUnit.MINUTES), "the service stopped");
            assertEquals(1, model.received().size());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenAnMcpClientsOpenEventStream_whenSigterm_thenItIsEndedAndTheServiceDoesNotWaitForIt() throws Exception {
        // a stream left open would hold the shutdown for this long, then be cut and reported
        // the service is closed first (its process ended), so that the client's close does not wait on an open stream
        try (HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                PackagedService service =
                        PackagedService.launch(Map.of(), Map.of("quarkus.shutdown.timeout", "10m"), "serve")) {
            assertTrue(service.awaitOutput("Listening on", Duration.ofMinutes(3)), service.output());
            URI mcp = service.base().resolve("/mcp");
            HttpResponse<String> initialized = http.send(
                    mcpPost(
                            mcp,
                            null,
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                                    + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                                    + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, initialized.statusCode(), initialized.body());
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertEquals(
                    202,
                    http.send(
                                    mcpPost(
                                            mcp,
                                            session,
                                            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode());
            HttpResponse<InputStream> stream = http.send(
                    HttpRequest.newBuilder(mcp)
                            .header("Accept", "text/event-stream")
                            .header("Mcp-Session-Id", session)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            CompletableFuture<String> events = CompletableFuture.supplyAsync(() -> {
                try (InputStream body = stream.body()) {
                    return new String(body.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "cut: " + e;
                }
            });

            service.process().destroy(); // SIGTERM

            String seen = events.get(2, TimeUnit.MINUTES);
            assertTrue(seen.contains("Subsidiary SSE opened"), seen);
            assertTrue(service.process().waitFor(2, TimeUnit.MINUTES), "the service stopped");
            assertFalse(service.output().contains("Timed out waiting for graceful shutdown"), service.output());
        }
    }

    private static HttpRequest mcpPost(URI mcp, String session, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }

    /** New requests after the signal: the first one not served normally (the signal takes a moment to land). */
    private static RawHttp.Response firstRefusal(RawHttp http) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        while (System.nanoTime() < end) {
            try {
                RawHttp.Response response = http.send("GET", "/v1/tools", null);
                if (response.status() != 200) {
                    return response;
                }
            } catch (UncheckedIOException refused) {
                fail("the port closed while a task was still running, before any request was refused: " + refused);
            }
            Thread.sleep(50);
        }
        return fail("new requests were still served 6 s after SIGTERM, with a task in flight");
    }
}
