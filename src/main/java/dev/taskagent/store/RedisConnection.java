package dev.taskagent.store;

import dev.taskagent.config.TaskAgentConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one way into Redis when {@code task-agent.store=redis}: commands sent with a deadline, every key under the
 * configured prefix. With the memory store the Redis client is never looked up, so no connection is ever tried.
 * Blocking calls belong on virtual threads (tasks, request handlers); the event loop uses {@link #sendAsync}.
 */
@ApplicationScoped
public class RedisConnection {

    private final boolean enabled;
    private final String prefix;
    private final Duration timeout;
    private final Supplier<Redis> client;
    private volatile Redis redis;

    @Inject
    public RedisConnection(TaskAgentConfig config, Instance<Redis> client) {
        this(
                config.store() == TaskAgentConfig.Store.REDIS,
                config.redis().keyPrefix(),
                config.redis().commandTimeout(),
                client::get);
    }

    /** For tests: a client made outside Quarkus. */
    public RedisConnection(Redis client, String prefix, Duration timeout) {
        this(true, prefix, timeout, () -> client);
    }

    private RedisConnection(boolean enabled, String prefix, Duration timeout, Supplier<Redis> client) {
        this.enabled = enabled;
        this.prefix = prefix;
        this.timeout = timeout;
        this.client = client;
    }

    /** Whether the service keeps its state in Redis ({@code task-agent.store=redis}). */
    public boolean enabled() {
        return enabled;
    }

    /** The key for these parts, under the prefix: {@code task-agent:task:ID}. */
    public String key(String... parts) {
        return prefix + String.join(":", parts);
    }

    /** Sends one command and waits for its reply; {@link StoreUnavailableException} when there is none in time. */
    public Response send(Request request) {
        return await(redis().send(request).toCompletionStage().toCompletableFuture());
    }

    /** Sends one command without blocking; the reply fails after the command timeout, so nothing waits longer. */
    public Future<Response> sendAsync(Request request) {
        return Future.fromCompletionStage(redis().send(request)
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Runs a Lua script with these keys and arguments. */
    public Response eval(String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return send(request);
    }

    /** Whether Redis answers a PING now. */
    public boolean reachable() {
        try {
            return send(Request.cmd(Command.PING)) != null;
        } catch (StoreUnavailableException down) {
            return false;
        }
    }

    private Redis redis() {
        Redis current = redis;
        if (current == null) {
            if (!enabled) {
                throw new IllegalStateException("the store is memory (task-agent.store); Redis is not used");
            }
            current = client.get();
            redis = current;
        }
        return current;
    }

    private <T> T await(CompletableFuture<T> reply) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking Redis call on the event loop; use sendAsync there");
        }
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("Redis did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("Redis failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /** The arguments as a list, for {@link #eval}. */
    public static List<String> args(Object... values) {
        List<String> args = new ArrayList<>(values.length);
        for (Object value : values) {
            args.add(String.valueOf(value));
        }
        return args;
    }
}
