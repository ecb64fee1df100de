package dev.taskagent.resilience;

import io.quarkiverse.langchain4j.openai.common.OpenAiRestApi;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;

/**
 * Settings of the HTTP client that quarkus-langchain4j builds for the model endpoint which it does not expose: the
 * connect timeout ({@code task-agent.model.connect-timeout}; it would otherwise equal the read timeout) and the
 * connection pool ({@code task-agent.model.max-connections}; the REST client's default is 50). A MicroProfile
 * {@link RestClientListener}, found through {@code META-INF/services}, sees every REST client as it is built.
 */
@RegisterForReflection
public class ModelClientSettings implements RestClientListener {

    static final String POOL_SIZE = "io.quarkus.rest.client.connection-pool-size";

    @Override
    public void onNewClient(Class<?> client, RestClientBuilder builder) {
        if (client != OpenAiRestApi.class) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        Duration connect = config.getOptionalValue("task-agent.model.connect-timeout", Duration.class)
                .orElse(Duration.ofSeconds(10));
        int connections = config.getOptionalValue("task-agent.model.max-connections", Integer.class)
                .orElse(50);
        apply(builder, connect, connections);
    }

    static void apply(RestClientBuilder builder, Duration connectTimeout, int maxConnections) {
        builder.connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        builder.property(POOL_SIZE, maxConnections);
        builder.register(new StreamedCallsCloseConnection());
    }
}
