package dev.taskagent.security;

import dev.taskagent.api.ProblemWriter;
import dev.taskagent.config.TaskAgentConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} for an accepted key; anything else gets a
 * 401 problem document before its body is read. The operations endpoints under {@code /q/} (health, metrics,
 * OpenAPI) stay open: expose them only where the operator's network allows.
 * <p>
 * With authentication on and no key configured the service refuses to start, so a misconfigured deployment never
 * serves an open API.
 */
@ApplicationScoped
public class ApiKeyAuthFilter {

    /** After the request id, before limits. */
    public static final int ROUTE_ORDER = -200;

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthFilter.class);
    private static final String OPEN_PREFIX = "/q/";

    private final boolean serving;
    private final boolean enabled;
    private final ApiKeys keys;
    private final ProblemWriter problems;

    public ApiKeyAuthFilter(
            TaskAgentConfig config,
            ProblemWriter problems,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        // the one-shot command line ('run') opens no port, so it needs no key
        this.serving = serving;
        this.enabled = serving && config.auth().enabled();
        this.keys = enabled ? load(config.auth()) : ApiKeys.parse(List.of(), "no source");
        this.problems = problems;
    }

    void register(@Observes Router router) {
        if (enabled) {
            LOG.infof("API key authentication is on, %d key(s) accepted", keys.size());
            router.route().order(ROUTE_ORDER).handler(this::authenticate);
        } else if (serving) {
            LOG.warn("API key authentication is OFF (task-agent.auth.enabled=false): anyone who reaches the port "
                    + "can run tasks");
        }
    }

    private void authenticate(RoutingContext ctx) {
        if (ctx.request().path().startsWith(OPEN_PREFIX)) {
            ctx.next();
            return;
        }
        String presented = bearer(ctx.request().getHeader("Authorization"));
        var caller = keys.authenticate(presented);
        if (caller.isPresent()) {
            new Caller(caller.get()).attachTo(ctx);
            ctx.next();
            return;
        }
        String challenge = presented == null
                ? "Bearer realm=\"task-agent\""
                : "Bearer realm=\"task-agent\", error=\"invalid_token\"";
        problems.send(
                ctx,
                "unauthorized",
                "Unauthorized",
                401,
                presented == null
                        ? "an API key is required: send it as 'Authorization: Bearer <key>'"
                        : "the API key is not valid",
                "WWW-Authenticate",
                challenge);
    }

    static String bearer(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).strip();
        return key.isEmpty() ? null : key;
    }

    static ApiKeys load(TaskAgentConfig.Auth auth) {
        ApiKeys keys = read(auth.apiKeyHashes(), auth.apiKeyHashesFile());
        if (keys.isEmpty()) {
            throw new IllegalStateException("authentication is on but no API key is configured: set "
                    + "task-agent.auth.api-key-hashes (TASK_AGENT_AUTH_API_KEY_HASHES) to the SHA-256 hash of a key "
                    + "(printf %s \"$KEY\" | sha256sum), or task-agent.auth.api-key-hashes-file to a file of them, "
                    + "or switch authentication off with task-agent.auth.enabled=false");
        }
        return keys;
    }

    /** The keys configured by hash and in the hashes file, possibly none. */
    static ApiKeys read(Optional<List<String>> hashes, Optional<Path> hashesFile) {
        ApiKeys keys = ApiKeys.parse(hashes.orElse(List.of()), "task-agent.auth.api-key-hashes");
        if (hashesFile.isPresent()) {
            Path file = hashesFile.get();
            try {
                keys = keys.plus(ApiKeys.parse(Files.readAllLines(file), file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("task-agent.auth.api-key-hashes-file " + file + " cannot be read", e);
            }
        }
        return keys;
    }
}
