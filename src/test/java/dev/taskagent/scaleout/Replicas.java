package dev.taskagent.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.RawHttp;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the tests of several replicas share: answers read as JSON, and waiting for another replica to catch up. */
final class Replicas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Replicas() {}

    static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.status() + "): " + response.body(), e);
        }
    }

    /** Probes every 100 ms until {@code done} holds, at most {@code limit}; the value that made it hold. */
    static <T> T until(Supplier<T> probe, Predicate<T> done, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit.toSeconds() + " s; last seen: " + last);
            }
            Thread.sleep(100);
            last = probe.get();
        }
        return last;
    }

    static <T> T until(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return until(probe, done, Duration.ofSeconds(30));
    }
}
