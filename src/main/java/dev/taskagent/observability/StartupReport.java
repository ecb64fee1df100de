package dev.taskagent.observability;

import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.config.TaskAgentConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first lines a server logs: which model at which endpoint, whether its token is set, which tools are on (and
 * why not), and where the API is described; never the token or a key. The one-shot command line stays quiet.
 */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    private final TaskAgentConfig config;
    private final ToolCatalog tools;
    private final boolean serving;

    public StartupReport(
            TaskAgentConfig config,
            ToolCatalog tools,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.config = config;
        this.tools = tools;
        this.serving = serving;
    }

    void report(@Observes StartupEvent started) {
        if (!serving) {
            return;
        }
        TaskAgentConfig.Model model = config.model();
        LOG.infof("model %s at %s (task-agent.model.base-url)", model.name(), host(model.baseUrl()));
        if (model.apiKey().filter(token -> !token.isBlank()).isPresent()) {
            LOG.info("model token is set");
        } else {
            LOG.warnf(
                    "no model token: tasks will fail with 503 model-not-configured until %s (or "
                            + "TASK_AGENT_MODEL_API_KEY) is set",
                    model.apiKeyVariable());
        }
        LOG.infof("tools: %s", describeTools());
        LOG.info("API description at /q/swagger-ui (browse) and /q/openapi; health at /q/health, metrics at "
                + "/q/metrics");
    }

    String describeTools() {
        return tools.all().stream()
                .map(entry -> entry.name()
                        + entry.tool()
                                .disabledReason()
                                .map(reason -> " off: " + reason)
                                .orElse(" on"))
                .collect(Collectors.joining("; "));
    }

    /** Scheme, host and port only: a base URL may carry a path or credentials that have no place in a log. */
    static String host(String baseUrl) {
        try {
            URI uri = URI.create(baseUrl);
            if (uri.getHost() == null) {
                return "an endpoint without a host (" + uri.getScheme() + ")";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an invalid URL";
        }
    }
}
