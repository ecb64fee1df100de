package dev.taskagent.mcp.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.agent.ToolSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The configured MCP servers ({@code task-agent.mcp.servers.*}) as tool sets for tasks. Each is connected in the
 * background at start-up, so a slow or broken server never holds up or stops the service; one that fails to start,
 * or stops answering, is disabled with the reason and tried again with a backoff that doubles up to a maximum.
 */
@ApplicationScoped
public class McpServers implements ToolSource {

    private static final Logger LOG = Logger.getLogger(McpServers.class);
    private static final Duration WATCH = Duration.ofSeconds(1);

    private final List<RemoteServer> servers = new ArrayList<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextTry = new ConcurrentHashMap<>();
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    @Inject
    public McpServers(McpClientConfig config, ObjectMapper mapper) {
        this(config, mapper, Clock.systemUTC());
    }

    /** With the clock the backoff is measured on (a test moves one by hand). */
    McpServers(McpClientConfig config, ObjectMapper mapper, Clock clock) {
        this.clock = clock;
        this.initialDelay = config.reconnectInitialDelay();
        this.maxDelay = config.reconnectMaxDelay();
        config.servers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(server -> {
            if (!RemoteServer.NAME.matcher(server.getKey()).matches()
                    || server.getKey().contains(RemoteServer.SEPARATOR)) {
                throw new IllegalArgumentException("task-agent.mcp.servers." + server.getKey()
                        + ": a server name is letters, digits, '-' and single '_' only");
            }
            servers.add(new RemoteServer(server.getKey(), server.getValue(), mapper, clock));
        });
    }

    void start(@Observes StartupEvent event) {
        if (servers.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("mcp-servers").daemon().factory());
        // one watcher: connects what is not connected, each server when its backoff allows
        scheduler.scheduleWithFixedDelay(this::reconnect, 0, WATCH.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        servers.forEach(RemoteServer::close);
    }

    @Override
    public List<ToolCatalog.Entry> entries() {
        return servers.stream().map(RemoteServer::entry).toList();
    }

    /** Connects each server that is not connected and whose backoff has run out. */
    void reconnect() {
        Instant now = clock.instant();
        for (RemoteServer server : servers) {
            if (server.connected()) {
                continue;
            }
            if (!nextTry.containsKey(server.name()) && server.lostAt().isPresent()) {
                // it was working and went away: first wait, as after any failure
                failures.merge(server.name(), 1, Integer::sum);
                nextTry.put(server.name(), server.lostAt().get().plus(initialDelay));
            }
            if (now.isBefore(nextTry.getOrDefault(server.name(), now))) {
                continue;
            }
            try {
                server.connect();
            } catch (RuntimeException e) {
                server.disabled("could not connect: " + e.getClass().getSimpleName());
            }
            if (server.connected()) {
                failures.remove(server.name());
                nextTry.remove(server.name());
            } else {
                int failed = failures.merge(server.name(), 1, Integer::sum);
                Duration wait = backoff(initialDelay, maxDelay, failed);
                nextTry.put(server.name(), clock.instant().plus(wait));
                LOG.infof("MCP server %s: next try in %d ms", server.name(), wait.toMillis());
            }
        }
    }

    /** initial, doubled for each failure after the first, never more than max. */
    static Duration backoff(Duration initial, Duration max, int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
