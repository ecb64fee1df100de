package dev.taskagent.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code target/quarkus-app/quarkus-run.jar}) run as its own process, prod profile, pointed at
 * the test JVM's shared mock model — for what only a real process shows: signals, the locale, the real main.
 */
public final class PackagedService implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;

    private PackagedService(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(this::drain, "packaged-service-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs the jar with these arguments and environment; settings are passed as system properties. */
    public static PackagedService launch(
            Map<String, String> environment, Map<String, String> settings, String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(properties(port, settings));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(arguments));
        return start(command, environment, port);
    }

    /**
     * Runs the launcher the build writes ({@code target/task-agent}), as a user would, with these arguments and
     * environment; settings are passed in {@code JAVA_OPTS}.
     */
    public static PackagedService launchScript(
            Map<String, String> environment, Map<String, String> settings, String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of("target", "task-agent").toString());
        command.addAll(List.of(arguments));
        Map<String, String> withOptions = new HashMap<>(environment);
        withOptions.put("JAVA_OPTS", String.join(" ", properties(port, settings)));
        withOptions.put("JAVA_HOME", System.getProperty("java.home"));
        return start(command, withOptions, port);
    }

    private static List<String> properties(int port, Map<String, String> settings) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests after 'package'");
        }
        List<String> properties = new ArrayList<>();
        properties.add("-Dquarkus.http.port=" + port);
        properties.add("-Dtask-agent.auth.enabled=false");
        OpenAiMockResource.config(OpenAiMock.shared().baseUrl())
                .forEach((key, value) -> properties.add("-D" + key + "=" + value));
        settings.forEach((key, value) -> properties.add("-D" + key + "=" + value));
        return properties;
    }

    private static PackagedService start(List<String> command, Map<String, String> environment, int port) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
        builder.environment().putAll(environment);
        try {
            return new PackagedService(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    public Process process() {
        return process;
    }

    /** Everything the process wrote so far, stdout and stderr interleaved. */
    public String output() {
        return output.toString();
    }

    /** Waits until the process writes a line containing {@code text}; false when it does not within {@code limit}. */
    public boolean awaitOutput(String text, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (output.indexOf(text) >= 0) {
                return true;
            }
            if (!process.isAlive()) {
                return output.indexOf(text) >= 0;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void drain() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException closed) {
            // the process ended
        }
    }

    /** A port nothing listens on now, for a server the test starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
