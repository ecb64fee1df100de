package dev.taskagent.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per caller: {@code burst} requests at once, refilled at {@code perMinute} a minute. Callers are the
 * configured keys (or one anonymous caller), so the map stays as small as the key list.
 */
public final class RateLimiter {

    private final double tokensPerNano;
    private final double capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    public RateLimiter(int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("requests-per-minute and burst must be at least 1");
        }
        this.tokensPerNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.capacity = burst;
    }

    /** Takes one request from the caller's bucket: 0 when allowed, else the nanoseconds until it would be. */
    public long tryAcquire(String caller, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(caller, c -> new Bucket(capacity, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (nowNanos - bucket.updated) * tokensPerNano);
            bucket.updated = nowNanos;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / tokensPerNano);
        }
    }
}
