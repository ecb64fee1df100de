package dev.taskagent.lifecycle;

import dev.taskagent.http.ProblemWriter;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once the service is stopping (SIGTERM), every new request is answered 503 with {@code Connection: close}, so
 * clients and load balancers go elsewhere at once, while requests already past this filter and running tasks
 * finish ({@code quarkus.shutdown.timeout}, {@link InFlightTasks}). Quarkus' own graceful shutdown only adds
 * {@code Connection: close} and still serves the request. The first sign of stopping is the pre-shutdown event,
 * fired before Quarkus waits for in-flight HTTP requests; {@link ShutdownEvent} is the fallback.
 */
@ApplicationScoped
public class Draining {

    /** After the request id (so the refusal carries one), before everything else. */
    public static final int ROUTE_ORDER = -280;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ProblemWriter problems;

    public Draining(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::refuseWhileStopping);
    }

    // before InFlightTasks starts waiting on the same event
    void onStopping(@Observes @Priority(1) ShutdownDelayInitiatedEvent event) {
        stopping.set(true);
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stopping.set(true);
    }

    public boolean stopping() {
        return stopping.get();
    }

    private void refuseWhileStopping(RoutingContext ctx) {
        if (!stopping.get()) {
            ctx.next();
            return;
        }
        problems.send(
                ctx,
                "shutting-down",
                "Service unavailable",
                503,
                "the service is shutting down and takes no new requests; retry, another instance will answer",
                "Connection",
                "close");
    }
}
