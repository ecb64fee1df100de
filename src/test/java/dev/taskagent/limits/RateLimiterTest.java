package dev.taskagent.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void allowsBurstThenRefusesWithWaitUntilNextToken() {
        RateLimiter limiter = new RateLimiter(60, 3);

        assertEquals(0, limiter.tryAcquire("a", 0));
        assertEquals(0, limiter.tryAcquire("a", 0));
        assertEquals(0, limiter.tryAcquire("a", 0));
        long wait = limiter.tryAcquire("a", 0);

        assertEquals(SECOND, wait, "60 a minute: the next token comes after one second");
    }

    @Test
    void refillsAtTheConfiguredRate() {
        RateLimiter limiter = new RateLimiter(60, 1);
        limiter.tryAcquire("a", 0);

        assertTrue(limiter.tryAcquire("a", SECOND / 2) > 0);
        assertEquals(0, limiter.tryAcquire("a", SECOND + 1));
    }

    @Test
    void keepsOneBucketPerCaller() {
        RateLimiter limiter = new RateLimiter(1, 1);
        limiter.tryAcquire("a", 0);

        assertTrue(limiter.tryAcquire("a", 0) > 0);
        assertEquals(0, limiter.tryAcquire("b", 0));
    }

    @Test
    void neverStoresMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(60, 2);

        assertEquals(0, limiter.tryAcquire("a", 0));
        long hourLater = TimeUnit.HOURS.toNanos(1);
        assertEquals(0, limiter.tryAcquire("a", hourLater));
        assertEquals(0, limiter.tryAcquire("a", hourLater));
        assertTrue(limiter.tryAcquire("a", hourLater) > 0);
    }
}
