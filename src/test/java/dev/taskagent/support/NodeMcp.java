package dev.taskagent.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP implementations in src/test/mcp (npm): the official TypeScript SDK client, driven by client.mjs, and
 * the reference 'everything' server. Installs them from the committed lockfile ({@code npm ci}) when missing.
 */
public final class NodeMcp {

    public static final Path DIR = Path.of("src/test/mcp").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeMcp() {}

    /** The 'everything' server's entry point, to start with {@code node <it> stdio}. */
    public static Path everythingServer() {
        installed();
        return DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    }

    /** Runs client.mjs with these arguments (and environment additions) and returns the JSON it printed. */
    public static JsonNode client(Map<String, String> env, String... args) {
        installed();
        List<String> command =
                new ArrayList<>(List.of("node", DIR.resolve("client.mjs").toString()));
        command.addAll(List.of(args));
        String text = run(command, env, 120);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new IllegalStateException("client.mjs did not end with a JSON line: " + text, e);
        }
    }

    public static JsonNode client(String... args) {
        return client(Map.of(), args);
    }

    private static synchronized void installed() {
        if (Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/sdk"))
                && Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/server-everything"))) {
            return;
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
    }

    /** Runs the command in src/test/mcp and returns what it printed on stdout, stripped. */
    private static String run(List<String> command, Map<String, String> env, int timeoutSeconds) {
        try {
            Path err = Files.createTempFile("node-mcp", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), command + " did not finish");
            String stderr = Files.readString(err);
            Files.delete(err);
            assertEquals(0, process.exitValue(), command + " failed:\n" + stderr);
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + " (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
