package dev.taskagent.limits;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.http.ProblemWriter;
import dev.taskagent.security.Caller;
import dev.taskagent.security.RequestPaths;
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

    public RequestLimitsFilter(TaskAgentConfig config, ProblemWriter problems) {
        this.rates = new RateLimiter(
                config.limits().requestsPerMinute(), config.limits().burst());
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
        long wait = rates.tryAcquire(Caller.of(ctx).id(), System.nanoTime());
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
