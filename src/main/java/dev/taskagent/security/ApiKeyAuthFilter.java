package dev.taskagent.security;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.http.ProblemWriter;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} for an accepted key; anything else gets a
 * 401 problem document before its body is read. The operations endpoints under {@code /q/} (health, metrics,
 * OpenAPI) and the landing document (or page) at {@code /} stay open: expose them only where the operator's network
 * allows. Which requests those are is decided on the path the router dispatches, after {@link RequestPaths} has
 * refused ambiguous spellings.
 * <p>
 * With authentication on and no key configured the service refuses to start, so a misconfigured deployment never
 * serves an open API.
 */
@ApplicationScoped
public class ApiKeyAuthFilter {

    /** After the request id, before limits. */
    public static final int ROUTE_ORDER = -200;

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthFilter.class);
    private static final String REFUSAL = "task-agent cannot start: ";

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
        if (RequestPaths.isOperations(ctx) || "/".equals(ctx.normalizedPath())) {
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

    /**
     * The accepted keys; a configuration that cannot work stops the start with a {@link ConfigurationException},
     * which Quarkus prints as its message alone: one line saying what is wrong and what to do, no stack trace.
     */
    static ApiKeys load(TaskAgentConfig.Auth auth) {
        ApiKeys keys;
        try {
            keys = read(auth.apiKeyHashes(), auth.apiKeyHashesFile());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(REFUSAL + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new ConfigurationException(REFUSAL + "authentication is on but no API key is configured: set "
                    + "TASK_AGENT_AUTH_API_KEY_HASHES (task-agent.auth.api-key-hashes) to the SHA-256 hash of a key "
                    + "(printf %s \"$KEY\" | sha256sum | cut -d' ' -f1), or task-agent.auth.api-key-hashes-file to a "
                    + "file of them, or switch authentication off with task-agent.auth.enabled=false");
        }
        return keys;
    }

    /** The keys configured by hash and in the hashes file, possibly none. */
    static ApiKeys read(Optional<List<String>> hashes, Optional<Path> hashesFile) {
        ApiKeys keys = ApiKeys.parse(hashes.orElse(List.of()), "task-agent.auth.api-key-hashes");
        if (hashesFile.isPresent()) {
            Path file = hashesFile.get();
            keys = keys.plus(ApiKeys.parse(readable(file), file.toString()));
        }
        return keys;
    }

    private static List<String> readable(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigurationException(REFUSAL + "task-agent.auth.api-key-hashes-file " + file
                    + " cannot be read (" + e.getClass().getSimpleName() + "): give a readable file of key hashes");
        }
    }
}
