package dev.taskagent.deployment;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The build itself, run by the Maven wrapper on a JDK older than 25 (Debian's default here is 17): it stops at once
 * with one message naming JDK 25 and {@code JAVA_HOME}, instead of the compiler's "release version not supported".
 */
class BuildJdkTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void refusesAJdkOlderThan25InOneMessageNamingJdk25AndJavaHome() throws Exception {
        Optional<Path> older = olderJdk();
        Assumptions.assumeTrue(older.isPresent(), "no JDK older than 25 under /usr/lib/jvm to build with");

        ProcessBuilder maven = new ProcessBuilder("./mvnw", "-o", "-q", "-B", "validate").redirectErrorStream(true);
        maven.environment().put("JAVA_HOME", older.get().toString());
        maven.environment().remove("MAVEN_OPTS");
        Process process = maven.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));

        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("task-agent builds with JDK 25"), output);
        assertTrue(output.contains("set JAVA_HOME to a JDK 25"), output);
        assertTrue(output.contains(older.get().toString()), "names the JDK it found: " + output);
    }

    private static Optional<Path> olderJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvms)) {
            return candidates
                    .filter(jdk -> Files.isExecutable(jdk.resolve("bin/javac")))
                    .filter(jdk -> !Files.isSymbolicLink(jdk))
                    .filter(jdk -> major(jdk) > 0 && major(jdk) < 25)
                    .findFirst();
        }
    }

    private static int major(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
