package dev.taskagent.lifecycle;

import static dev.taskagent.support.OpenAiMock.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.PackagedService;
import dev.taskagent.support.RawHttp;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged service stopped by SIGTERM while a task runs: new requests are refused, the running one finishes. */
class ShutdownIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenATaskInFlight_whenSigterm_thenNewRequestsGet503WithConnectionCloseAndTheTaskFinishes() throws Exception {
        OpenAiMock model = OpenAiMock.shared();
        model.reset();
        model.delays(8_000, answer("finished after the signal"));
        try (PackagedService service =
                PackagedService.launch(Map.of(), Map.of("task-agent.model.timeout", "60s"), "serve")) {
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
