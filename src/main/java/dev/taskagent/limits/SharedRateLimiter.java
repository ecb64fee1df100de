package dev.taskagent.limits;

import dev.taskagent.store.RedisConnection;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * {@link RateLimiter}'s token bucket kept in Redis, so that a key's rate is counted over every replica: one Lua
 * script per request refills and takes a token on Redis' own clock (replicas' clocks may differ).
 */
final class SharedRateLimiter {

    /** ARGV: burst, requests per minute; returns 0 when allowed, else the microseconds until a token is back. */
    private static final String TAKE = """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2]) / 60000000
            local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(bucket[1]) or capacity
            local at = tonumber(bucket[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate / 1000) + 1000)
            return wait
            """;

    private final RedisConnection redis;
    private final int perMinute;
    private final int burst;

    SharedRateLimiter(RedisConnection redis, int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("requests-per-minute and burst must be at least 1");
        }
        this.redis = redis;
        this.perMinute = perMinute;
        this.burst = burst;
    }

    /** Takes one request from the caller's bucket: 0 when allowed, else the nanoseconds until it would be. */
    Future<Long> tryAcquire(String caller) {
        Request take = Request.cmd(Command.EVAL)
                .arg(TAKE)
                .arg(1)
                .arg(redis.key("rate", caller))
                .arg(burst)
                .arg(perMinute);
        return redis.sendAsync(take).map(SharedRateLimiter::nanos);
    }

    private static long nanos(Response micros) {
        return TimeUnit.MICROSECONDS.toNanos(micros.toLong());
    }
}
