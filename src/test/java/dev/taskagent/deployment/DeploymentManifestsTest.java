package dev.taskagent.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What the committed Kubernetes and Knative manifests must say; {@link DeploymentManifestsIT} checks that they are
 * still what the build generates.
 */
class DeploymentManifestsTest {

    private static final Manifests KUBERNETES = Manifests.read(Manifests.KUBERNETES);
    private static final Manifests KNATIVE = Manifests.read(Manifests.KNATIVE);

    @Test
    void deploymentProbesTheHealthEndpoints() {
        JsonNode container = Manifests.container(KUBERNETES.one("apps/", "Deployment"));

        assertEquals(
                "/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(
                "/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(
                "/q/health/started", container.at("/startupProbe/httpGet/path").asText());
    }

    @Test
    void deploymentAndKnativeServiceTakeSecretsFromTheSecretOnlyAndShareTheRedisStore() {
        for (JsonNode workload :
                new JsonNode[] {KUBERNETES.one("apps/", "Deployment"), KNATIVE.one("serving.knative.dev/", "Service")
                }) {
            Map<String, JsonNode> env = env(Manifests.container(workload));

            assertSecretRef(env.get("PUTER_AUTH_TOKEN"), "puter-auth-token");
            assertSecretRef(env.get("TASK_AGENT_AUTH_API_KEY_HASHES"), "api-key-hashes");
            assertSecretRef(env.get("QUARKUS_REDIS_HOSTS"), "redis-url");
            assertEquals(
                    "task-agent",
                    env.get("TASK_AGENT_STORE")
                            .at("/valueFrom/configMapKeyRef/name")
                            .asText(),
                    "more than one replica: the shared store, named in the ConfigMap");
            env.values()
                    .forEach(variable ->
                            assertFalse(variable.has("value"), () -> "a literal value in the manifest: " + variable));
        }
    }

    @Test
    void deploymentHasResourcesAndOutlastsTheShutdownTimeout() throws IOException {
        JsonNode deployment = KUBERNETES.one("apps/", "Deployment");
        JsonNode resources = Manifests.container(deployment).path("resources");
        Duration shutdown = Duration.parse("PT" + applicationProperties().getProperty("quarkus.shutdown.timeout"));

        assertTrue(resources.at("/requests/memory").isTextual()
                && resources.at("/requests/cpu").isTextual());
        assertTrue(resources.at("/limits/memory").isTextual());
        assertTrue(deployment
                        .at("/spec/template/spec/terminationGracePeriodSeconds")
                        .asLong()
                > shutdown.toSeconds());
    }

    @Test
    void serviceAndAutoscalerTargetTheDeployment() {
        JsonNode service = KUBERNETES.one("v1", "Service");
        JsonNode autoscaler = KUBERNETES.one("autoscaling/v2", "HorizontalPodAutoscaler");

        assertEquals(8080, service.at("/spec/ports/0/targetPort").asInt());
        assertEquals("Deployment", autoscaler.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("task-agent", autoscaler.at("/spec/scaleTargetRef/name").asText());
        assertTrue(autoscaler.at("/spec/maxReplicas").asInt()
                > autoscaler.at("/spec/minReplicas").asInt());
    }

    @Test
    void knativeServiceScalesToZeroOnConcurrency() {
        JsonNode revision = KNATIVE.one("serving.knative.dev/", "Service").at("/spec/template");
        JsonNode annotations = revision.at("/metadata/annotations");

        assertEquals("0", annotations.path("autoscaling.knative.dev/min-scale").asText());
        assertEquals(
                "concurrency",
                annotations.path("autoscaling.knative.dev/metric").asText());
        assertTrue(annotations.path("autoscaling.knative.dev/target").asInt() > 0);
        assertEquals(
                "/q/health/ready",
                Manifests.container(KNATIVE.one("serving.knative.dev/", "Service"))
                        .at("/readinessProbe/httpGet/path")
                        .asText());
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .collect(Collectors.toMap(variable -> variable.path("name").asText(), variable -> variable));
    }

    private static void assertSecretRef(JsonNode variable, String key) {
        assertEquals("task-agent", variable.at("/valueFrom/secretKeyRef/name").asText(), () -> "env " + variable);
        assertEquals(key, variable.at("/valueFrom/secretKeyRef/key").asText(), () -> "env " + variable);
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }
}
