package dev.taskagent.limits;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.http.ProblemWriter;
import dev.taskagent.security.Caller;
import dev.taskagent.security.RequestPaths;
import dev.taskagent.store.RedisConnection;
import dev.taskagent.store.StoreUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;

/**
 * Refuses, before the body is read, requests over the caller's rate (429 with Retry-After) and bodies whose
 * Content-Length is over {@code task-agent.limits.max-body-size} (413). Bodies sent without a length are counted as
 * they are read, by {@link BodySizeLimit}. The operations endpoints under {@code /q/} are not limited.
 */
@ApplicationScoped
public class RequestLimitsFilter {

    /** After authentication (so limits are per key), before Quarkus' own body-size check (order -2). */
    public static final int ROUTE_ORDER = -100;

    private final RateLimiter rates;
    private final long maxBodyBytes;
    private final ProblemWriter problems;

    private final SharedRateLimiter sharedRates;

    public RequestLimitsFilter(TaskAgentConfig config, ProblemWriter problems, RedisConnection redis) {
        this.rates = new RateLimiter(
                config.limits().requestsPerMinute(), config.limits().burst());
        this.sharedRates = redis.enabled()
                ? new SharedRateLimiter(
                        redis,
                        config.limits().requestsPerMinute(),
                        config.limits().burst())
                : null;
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::limit);
    }

    private void limit(RoutingContext ctx) {
        if (RequestPaths.isOperations(ctx)) {
            ctx.next();
            return;
        }
        if (sharedRates != null) {
            limitShared(ctx);
            return;
        }
        checked(ctx, rates.tryAcquire(Caller.of(ctx).id(), System.nanoTime()));
    }

    /** The caller's rate counted in Redis, over every replica; the event loop is not blocked meanwhile. */
    private void limitShared(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        ctx.request().pause();
        sharedRates
                .tryAcquire(Caller.of(ctx).id())
                .onComplete(reply -> context.runOnContext(ignored -> {
                    ctx.request().resume();
                    if (reply.succeeded()) {
                        checked(ctx, reply.result());
                    } else {
                        problems.send(
                                ctx,
                                StoreUnavailableException.CODE,
                                "Store unavailable",
                                503,
                                StoreUnavailableException.DETAIL,
                                "Retry-After",
                                "5");
                    }
                }));
    }

    private void checked(RoutingContext ctx, long wait) {
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
            problems.send(
                    ctx,
                    "rate-limited",
                    "Too many requests",
                    429,
                    "this API key made more requests than "
                            + "task-agent.limits.requests-per-minute allows; retry after " + seconds + " s",
                    "Retry-After",
                    Long.toString(seconds));
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            ctx.response().putHeader("Connection", "close");
            problems.send(ctx, "body-too-large", "Request body too large", 413, tooLarge(maxBodyBytes));
            return;
        }
        ctx.next();
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }

    static String tooLarge(long max) {
        return "the request body is larger than " + max + " bytes (task-agent.limits.max-body-size)";
    }
}
