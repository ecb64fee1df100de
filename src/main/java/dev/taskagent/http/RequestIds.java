package dev.taskagent.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, a new one otherwise. The id
 * is on every log line of the request (MDC key {@code requestId}), in the {@code X-Request-Id} response header, and
 * in problem documents. Quarkus keeps the MDC in the request's Vert.x context, so it follows the request onto
 * worker and virtual threads.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** Runs first of our filters, before authentication, so even a refused request has an id. */
    public static final int ROUTE_ORDER = -300;

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::assign);
    }

    private void assign(RoutingContext ctx) {
        String offered = ctx.request().getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : newId();
        MDC.put(MDC_KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /** The id of the request being served on this context, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    static String newId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }
}
