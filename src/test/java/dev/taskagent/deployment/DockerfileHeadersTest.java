package dev.taskagent.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build and run lines in each Dockerfile's header are complete: copied as they are, they make an image and a
 * container that starts. What a container needs is read from the deployment the build generates (every variable the
 * Kubernetes Deployment takes from its Secret, but the Redis address, which only replicas sharing a store need), not
 * restated here.
 */
class DockerfileHeadersTest {

    private static final Pattern ENV = Pattern.compile("-e ([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");
    private static final Pattern VOLUME = Pattern.compile("-v \\S+:(/[^:\\s\"]+)(:ro)?");

    static Stream<Path> dockerfiles() throws IOException {
        return Files.list(Path.of("deployment"))
                .filter(p -> p.getFileName().toString().startsWith("Dockerfile"))
                .sorted();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void runLineSetsEveryVariableTheDeploymentRequires(Path dockerfile) throws IOException {
        String run = command(dockerfile, "Run:");

        Set<String> given = new TreeSet<>();
        Matcher env = ENV.matcher(run);
        while (env.find()) {
            given.add(env.group(1));
        }
        Set<String> required = secretVariables();
        assertTrue(!required.isEmpty(), "the Kubernetes manifest names its secret variables");
        assertTrue(given.containsAll(required), dockerfile + " run line sets " + given + ", needs " + required);
        assertTrue(run.contains("sha256sum"), "hands over the hash of a key, never the key: " + run);
        assertTrue(run.contains("-p 8080:8080"), run);
        assertTrue(Files.readString(dockerfile).contains("EXPOSE 8080"), dockerfile.toString());
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void runLineMountsTheWorkspaceWhereFileSearchLooks(Path dockerfile) throws IOException {
        String run = command(dockerfile, "Run:");

        Matcher volume = VOLUME.matcher(run);
        assertTrue(volume.find(), "a workspace volume: " + run);
        assertEquals(":ro", volume.group(2), "mounted read-only: " + run);
        assertTrue(
                run.contains("-e TASK_AGENT_TOOLS_FILE_SEARCH_ROOTS=" + volume.group(1)),
                "file search looks where the volume is mounted: " + run);
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void buildLinePackagesWhatTheDockerfileCopiesThenBuildsThisFile(Path dockerfile) throws IOException {
        String build = command(dockerfile, "Build:");
        String text = Files.readString(dockerfile);

        assertTrue(build.startsWith("./mvnw -B package"), build);
        assertTrue(build.contains("docker build -f " + dockerfile + " "), build);
        assertEquals(text.contains("-runner"), build.contains("-Dnative"), "native executable or jar: " + build);
        assertTrue(build.endsWith(" ."), "from the project root: " + build);
    }

    @Test
    void theDeploymentPageShowsTheJvmImageLinesAsTheDockerfileHasThem() throws IOException {
        Path dockerfile = Path.of("deployment/Dockerfile.jvm");
        String page = Files.readString(Path.of("docs/deployment.md"))
                .replaceAll("\\\\\n\\s*", "")
                .replaceAll("[ \t]+", " ");

        assertTrue(page.contains(command(dockerfile, "Build:")), "docs/deployment.md shows the build line");
        assertTrue(page.contains(command(dockerfile, "Run:")), "docs/deployment.md shows the run line");
    }

    /** The command after {@code label} in the header, its continued lines joined. */
    static String command(Path dockerfile, String label) throws IOException {
        List<String> parts = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(dockerfile)) {
            if (!line.startsWith("#")) {
                break;
            }
            String text = line.substring(1).strip();
            if (text.startsWith(label)) {
                inside = true;
                text = text.substring(label.length()).strip();
            } else if (!inside) {
                continue;
            }
            boolean continued = text.endsWith("\\");
            parts.add(continued ? text.substring(0, text.length() - 1).strip() : text);
            if (!continued) {
                break;
            }
        }
        assertTrue(!parts.isEmpty(), dockerfile + " has no '" + label + "' line");
        return String.join(" ", parts);
    }

    private static Set<String> secretVariables() {
        JsonNode deployment = Manifests.read(Manifests.KUBERNETES).one("apps/", "Deployment");
        Set<String> names = new TreeSet<>();
        for (JsonNode variable : Manifests.container(deployment).path("env")) {
            // one container keeps its tasks in memory; the Redis address is what the scaled-out Deployment adds
            if (variable.path("valueFrom").has("secretKeyRef")
                    && !variable.path("name").asText().startsWith("QUARKUS_REDIS_")) {
                names.add(variable.path("name").asText());
            }
        }
        return names;
    }
}
