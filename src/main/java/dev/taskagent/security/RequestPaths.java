package dev.taskagent.security;

import dev.taskagent.http.ProblemWriter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Optional;

/**
 * One spelling per resource. The router dispatches on the normalised path ({@code /q/../v1/tasks} reaches
 * {@code /v1/tasks}), so a check made on the raw path can be steered past by an alias. This filter runs before
 * authentication and limits, on every route, and refuses with 400 any path that normalisation or decoding would
 * change in a way that matters: dot segments (plain or percent-encoded), empty segments ({@code //}), backslashes,
 * {@code ;} parameters and encoded separators. What passes reads the same raw and normalised; the exemption of the
 * operations endpoints ({@link #isOperations}) is still decided on the normalised path, the one dispatched.
 */
@ApplicationScoped
public class RequestPaths {

    /** After the request id (so the refusal carries one), before authentication. */
    public static final int ROUTE_ORDER = -250;

    /** The operations endpoints (health, metrics, OpenAPI), open without a key and not rate limited. */
    private static final String OPERATIONS_PREFIX = "/q/";

    /** Percent-encodings that decode to a separator, a dot, a parameter mark, a percent sign or a control byte. */
    private static final String[] ENCODED = {"%2e", "%2f", "%5c", "%3b", "%25", "%00"};

    private final ProblemWriter problems;

    public RequestPaths(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        Optional<String> ambiguity = ambiguity(ctx.request().path());
        if (ambiguity.isEmpty()) {
            ctx.next();
            return;
        }
        problems.send(
                ctx,
                "invalid-path",
                "Invalid request path",
                400,
                "the request path " + ambiguity.get() + "; send the path in its plain form, e.g. /v1/tasks");
    }

    /** Why {@code rawPath} (as sent, not decoded) is refused, or empty when it has one meaning only. */
    static Optional<String> ambiguity(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.of("must start with '/'");
        }
        if (rawPath.indexOf('\\') >= 0) {
            return Optional.of("contains a backslash");
        }
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("contains ';' (path parameters are not accepted)");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoded : ENCODED) {
            if (lower.contains(encoded)) {
                return Optional.of("contains the encoded character " + encoded.toUpperCase(Locale.ROOT));
            }
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                return Optional.of("contains an empty segment ('//')");
            }
            if (!segment.isEmpty() && segment.chars().allMatch(c -> c == '.')) {
                return Optional.of("contains a dot segment ('" + segment + "')");
            }
        }
        return Optional.empty();
    }

    /** Whether the request goes to the operations endpoints, judged on the path the router dispatches. */
    public static boolean isOperations(RoutingContext ctx) {
        return ctx.normalizedPath().startsWith(OPERATIONS_PREFIX);
    }
}
