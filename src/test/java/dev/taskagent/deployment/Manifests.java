package dev.taskagent.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

/** The Kubernetes resources of a multi-document YAML file, and lookups into them. */
record Manifests(Path file, List<JsonNode> resources) {

    static final Path KUBERNETES = Path.of("deployment/kubernetes/kubernetes.yml");
    static final Path KNATIVE = Path.of("deployment/knative/knative.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Manifests read(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> documents = StreamSupport.stream(
                            YAML.readValues(parser, JsonNode.class).readAll().spliterator(), false)
                    .filter(node -> !node.isMissingNode() && !node.isNull())
                    .toList();
            return new Manifests(file, documents);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The one resource of this kind (and, for Service, this apiVersion prefix). */
    JsonNode one(String apiVersionPrefix, String kind) {
        List<JsonNode> found = resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .filter(r -> r.path("apiVersion").asText().startsWith(apiVersionPrefix))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(
                    file + " has " + found.size() + " " + apiVersionPrefix + " " + kind + " resources, expected one");
        }
        return found.get(0);
    }

    /** The first container of a workload's pod template. */
    static JsonNode container(JsonNode workload) {
        return workload.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
    }
}
