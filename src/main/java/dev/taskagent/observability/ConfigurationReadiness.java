package dev.taskagent.observability;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.resilience.ResilientChatModel;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to run tasks: a model token is set and every configured workspace root is a readable directory. Checks
 * configuration only; it never calls the model (that would spend money on every probe). The model circuit
 * breaker's state is reported as data but does not make the service unready: every replica shares the one
 * endpoint, so taking them out of rotation would only turn a slow recovery into an outage.
 */
@Readiness
@ApplicationScoped
public class ConfigurationReadiness implements HealthCheck {

    private final TaskAgentConfig config;

    public ConfigurationReadiness(TaskAgentConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("task-agent configuration").up();
        if (config.model().apiKey().filter(key -> !key.isBlank()).isPresent()) {
            response.withData("model_token", "set");
        } else {
            response.down()
                    .withData("model_token", "missing: set " + config.model().apiKeyVariable());
        }
        List<Path> roots = config.tools().fileSearch().roots().orElse(List.of());
        if (roots.isEmpty()) {
            response.withData("workspace", "none configured: file_search is disabled");
        }
        for (Path root : roots) {
            boolean usable = Files.isDirectory(root) && Files.isReadable(root);
            response.withData("workspace " + root, usable ? "readable" : "not a readable directory");
            if (!usable) {
                response.down();
            }
        }
        response.withData("model_circuit_breaker", breakerState());
        return response.build();
    }

    private static String breakerState() {
        try {
            return CircuitBreakerMaintenance.get()
                    .currentState(ResilientChatModel.BREAKER)
                    .name()
                    .toLowerCase();
        } catch (IllegalArgumentException notYetUsed) {
            return "closed";
        }
    }
}
