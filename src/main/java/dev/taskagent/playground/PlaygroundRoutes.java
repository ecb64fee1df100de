package dev.taskagent.playground;

import dev.taskagent.config.TaskAgentConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Serves the playground: a page at {@code /} for browsers (requests that accept {@code text/html}; others get the
 * landing document) and its script and style under {@code /playground/}, read once from the classpath and kept in
 * memory. The page is public — it holds no data and calls the API with the key the user types —
 * so these routes answer before authentication; they serve only the fixed files below, whatever the path says.
 * Every answer carries a Content Security Policy that allows only this origin's script and style, so nothing the
 * model writes can run even if it reached the DOM as HTML (the script renders it as text).
 */
@ApplicationScoped
public class PlaygroundRoutes {

    /** After the request id (-300), before authentication (-200). */
    public static final int ROUTE_ORDER = -250;

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "img-src 'self' data: blob:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private static final String RESOURCES = "playground/";

    private final boolean enabled;
    private final long maxImageBytes;

    @Inject
    PlaygroundRoutes(TaskAgentConfig config) {
        this(config.playground().enabled(), config.images().maxBytes());
    }

    PlaygroundRoutes(boolean enabled, long maxImageBytes) {
        this.enabled = enabled;
        this.maxImageBytes = maxImageBytes;
    }

    void register(@Observes Router router) {
        if (!enabled) {
            return;
        }
        for (Asset asset : assets()) {
            router.route(asset.path())
                    .method(HttpMethod.GET)
                    .method(HttpMethod.HEAD)
                    .order(ROUTE_ORDER)
                    .handler(ctx -> serve(ctx, asset));
        }
    }

    private List<Asset> assets() {
        // the page learns the image size limit from the service, so it refuses a too-large file before sending it
        String page = text("index.html").replace("{max-image-bytes}", Long.toString(maxImageBytes));
        return List.of(
                new Asset("/", "text/html; charset=utf-8", page),
                new Asset("/playground/playground.js", "text/javascript; charset=utf-8", text("playground.js")),
                new Asset("/playground/playground.css", "text/css; charset=utf-8", text("playground.css")));
    }

    private static void serve(RoutingContext ctx, Asset asset) {
        if (asset.path().equals("/") && !acceptsHtml(ctx.request().getHeader("Accept"))) {
            // a program asking for the root (curl, a health probe) gets the landing document that names the API
            ctx.next();
            return;
        }
        ctx.response()
                .putHeader("Content-Type", asset.contentType())
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                .putHeader("Cache-Control", "no-cache")
                .end(asset.body());
    }

    static boolean acceptsHtml(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private static String text(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("playground file missing from the build: " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Asset(String path, String contentType, Buffer body) {
        Asset(String path, String contentType, String body) {
            this(path, contentType, Buffer.buffer(body));
        }
    }
}
