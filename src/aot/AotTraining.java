import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains the JDK AOT cache of the packaged service (JEP 483/514/515): starts it through its launcher in recording mode
 * against a mock model served from this process, sends it every kind of request it serves (plain, background and
 * streamed tasks with each tool, typed answers, sessions, the OpenAI-compatible API plain and streamed, the
 * read-only endpoints), then stops it; on exit the JVM writes {@code quarkus-app/app.aot} beside the launcher. The
 * cache records the classes loaded and linked and the methods' profiles, so it holds what the first task needs.
 *
 * <p>Needs only a JDK: {@code java src/aot/AotTraining.java target/task-agent [ROUNDS]} (the {@code -Daot} build runs
 * it; {@code deployment/Dockerfile.jvm} runs it compiled, on the image's own JDK and paths). The mock is a test double
 * that answers the chat-completions shape the service parses: a tool call chosen by a marker in the task's text, then
 * a final answer once the request carries the tool's result.
 */
public final class AotTraining {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final int PARALLEL = 4;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;
    private final String bearer;
    private final AtomicInteger failures = new AtomicInteger();

    private AotTraining(String base, String key) {
        this.base = base;
        this.bearer = "Bearer " + key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java AotTraining.java LAUNCHER [ROUNDS]   (e.g. target/task-agent 20)");
            System.exit(2);
        }
        Path launcher = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path app = launcher.resolveSibling("quarkus-app");
        Path log = launcher.resolveSibling("aot-training.log");
        long started = System.nanoTime();

        Path workspace = Files.createTempDirectory("aot-training");
        Files.writeString(workspace.resolve("notes.md"), "# Notes\nhello from the training workspace\nsecond line\n");
        Files.writeString(workspace.resolve("data.txt"), "alpha\nbeta hello\ngamma\n");

        HttpServer mock = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        mock.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        int mockPort = mock.getAddress().getPort();
        mock.createContext("/v1/chat/completions", exchange -> MockModel.answer(exchange, mockPort));
        mock.createContext("/page", MockModel::page);
        mock.start();

        String key = "aot-training-" + System.nanoTime();
        int port = freePort();
        ProcessBuilder service = new ProcessBuilder(launcher.toString(), "serve")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = service.environment();
        env.put("TASK_AGENT_AOT_RECORD", "true");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("TASK_AGENT_MODEL_BASE_URL", "http://127.0.0.1:" + mockPort + "/v1/");
        env.put("PUTER_AUTH_TOKEN", "aot-training-token");
        env.put("TASK_AGENT_AUTH_API_KEY_HASHES", sha256(key));
        env.put("TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE", "1000000");
        env.put("TASK_AGENT_LIMITS_BURST", "1000000");
        env.put("TASK_AGENT_LIMITS_CONCURRENT_TASKS", "1000");
        env.put("TASK_AGENT_TOOLS_FILE_SEARCH_ROOTS", workspace.toString());
        // the fetch tool reads the mock's page on the loopback address; only in this run
        env.put("TASK_AGENT_TOOLS_FETCH_ALLOW_PRIVATE_ADDRESSES", "true");
        Process process = service.start();
        int exit;
        try {
            AotTraining training = new AotTraining("http://127.0.0.1:" + port, key);
            training.awaitReady(process);
            long ready = System.nanoTime();
            int requests = training.run(rounds);
            System.out.printf(
                    "aot training: service ready after %d ms; %d requests in %d ms (%d failed)%n",
                    ms(ready - started), requests, ms(System.nanoTime() - ready), training.failures.get());
            if (training.failures.get() > 0) {
                throw new IllegalStateException("training requests failed; see " + log);
            }
        } finally {
            process.destroy(); // SIGTERM: the JVM writes the cache as it exits
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            exit = process.exitValue();
            mock.stop(0);
            deleteTree(workspace);
        }
        Path cache = app.resolve("app.aot");
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("no " + cache + " (service exit " + exit + "); see " + log);
        }
        System.out.printf(
                "aot training: wrote %s (%d MiB) in %d ms in all%n",
                cache, Files.size(cache) >> 20, ms(System.nanoTime() - started));
    }

    private void awaitReady(Process process) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the service exited with " + process.exitValue() + " before it was ready");
            }
            try {
                if (send(get("/q/health/ready")).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT);
    }

    /** Every kind of request, {@code rounds} times, a few at once as real clients would send them. */
    private int run(int rounds) throws Exception {
        List<Callable<Void>> work = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String session = "training-" + round;
            work.add(() -> task("{\"input\":\"train-calculator: what is 1234*5678?\"}", "\"completed\""));
            work.add(() -> task("{\"input\":\"train-search: where is hello?\",\"tools\":[\"file_search\"]}", "hello"));
            work.add(() ->
                    task("{\"input\":\"train-find: which notes are there?\",\"tools\":[\"file_search\"]}", "notes"));
            work.add(() ->
                    task("{\"input\":\"train-read: read the notes\",\"tools\":[\"file_search\"]}", "second line"));
            work.add(() ->
                    task("{\"input\":\"train-fetch: read the page\",\"tools\":[\"http_fetch\"]}", "Training page"));
            work.add(() -> task(
                    "{\"input\":\"train-json: answer as JSON\",\"output_schema\":{\"type\":\"object\","
                            + "\"properties\":{\"answer\":{\"type\":\"integer\"}},\"required\":[\"answer\"]}}",
                    "output_json"));
            work.add(() -> {
                task(
                        "{\"input\":\"train-calculator: remember this\",\"session\":\"" + session + "\"}",
                        "\"completed\"");
                return expect(get("/v1/sessions/" + session), 200, session);
            });
            work.add(() -> expect(
                    post("/v1/tasks", "{\"input\":\"train-calculator: 2+2\",\"stream\":true}"), 200, "task.completed"));
            work.add(this::background);
            work.add(() -> expect(
                    post(
                            "/v1/chat/completions",
                            "{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"train-calculator: what is 6*7?\"}]}"),
                    200,
                    "chat.completion"));
            work.add(() -> expect(
                    post(
                            "/v1/chat/completions",
                            "{\"model\":\"task-agent\",\"stream\":true,\"stream_options\":"
                                    + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":"
                                    + "\"train-calculator: what is 6*7?\"}]}"),
                    200,
                    "[DONE]"));
            work.add(() -> expect(post("/v1/tasks", "{\"input\":\"\"}"), 400, "invalid-request"));
            work.add(() -> expect(get("/v1/tasks?limit=5"), 200, "\"tasks\""));
            work.add(() -> expect(get("/v1/tools"), 200, "calculator"));
            work.add(() -> expect(get("/v1/models"), 200, "mistral"));
            work.add(() -> expect(get("/q/health/ready"), 200, "UP"));
            work.add(() -> expect(get("/q/metrics"), 200, "task_agent"));
            work.add(() -> expect(get("/"), 200, "task-agent"));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        }
        return work.size() + 3 * rounds;
    }

    private Void task(String body, String expected) throws Exception {
        return expect(post("/v1/tasks", body), 200, expected);
    }

    private Void background() throws Exception {
        HttpResponse<String> accepted =
                send(post("/v1/tasks", "{\"input\":\"train-calculator: 3*3\",\"background\":true}"));
        expect(accepted, 202, "queued");
        String location = accepted.headers().firstValue("Location").orElseThrow();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> task = send(get(location));
            if (task.body().contains("\"completed\"")) {
                expect(send(get(location + "/events")), 200, "task.completed");
                return null;
            }
            Thread.sleep(10);
        }
        failures.incrementAndGet();
        System.err.println("aot training: background task never completed: " + location);
        return null;
    }

    private Void expect(HttpRequest request, int status, String expected) throws Exception {
        return expect(send(request), status, expected);
    }

    private Void expect(HttpResponse<String> response, int status, String expected) {
        if (response.statusCode() != status || !response.body().contains(expected)) {
            failures.incrementAndGet();
            System.err.printf(
                    "aot training: %s %s answered %d, wanted %d with '%s': %.300s%n",
                    response.request().method(),
                    response.request().uri(),
                    response.statusCode(),
                    status,
                    expected,
                    response.body());
        }
        return null;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", bearer)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The mock model: a tool call picked by the task's marker, then an answer once a tool result is in the request. */
    static final class MockModel {

        private static final Pattern MARKER = Pattern.compile("train-(calculator|search|find|read|fetch|json)");
        private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
        private static final Pattern TOOL_RESULT = Pattern.compile("\"role\"\\s*:\\s*\"tool\"");

        static void answer(HttpExchange exchange, int port) throws IOException {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean stream = STREAM.matcher(request).find();
            Matcher marker = MARKER.matcher(request);
            String kind = marker.find() ? marker.group(1) : "calculator";
            String reply;
            if (TOOL_RESULT.matcher(request).find()) {
                String text = kind.equals("json") ? "{\\\"answer\\\":42}" : "Done: " + kind + " answered.";
                reply = stream ? textStream(text) : text(text);
            } else {
                String[] call = toolCall(kind, port);
                reply = stream ? toolCallStream(call[0], call[1]) : toolCall(call[0], call[1]);
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        static void page(HttpExchange exchange) throws IOException {
            byte[] bytes =
                    "<html><head><title>Training page</title></head><body><h1>Training page</h1><p>Some <b>text</b> to convert.</p></body></html>"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        /** Tool name and JSON arguments (escaped for a JSON string) for the marker. */
        private static String[] toolCall(String kind, int port) {
            return switch (kind) {
                case "search" -> new String[] {"search_files", "{\\\"pattern\\\":\\\"hello\\\"}"};
                case "find" -> new String[] {"find_files", "{\\\"glob\\\":\\\"**/*.md\\\"}"};
                case "read" -> new String[] {"read_file", "{\\\"path\\\":\\\"notes.md\\\"}"};
                case "fetch" -> new String[] {"http_fetch", "{\\\"url\\\":\\\"http://127.0.0.1:" + port + "/page\\\"}"};
                default -> new String[] {"calculator", "{\\\"expression\\\":\\\"1234*5678\\\"}"};
            };
        }

        private static final String HEAD =
                "\"id\":\"chatcmpl-training\",\"created\":1764000000,\"model\":\"mistralai/mistral-small-2603\"";
        private static final String USAGE =
                "\"usage\":{\"prompt_tokens\":400,\"completion_tokens\":20,\"total_tokens\":420}";

        private static String toolCall(String name, String arguments) {
            return "{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"" + name + "\",\"arguments\":\"" + arguments + "\"}}]},"
                    + "\"finish_reason\":\"tool_calls\"}]," + USAGE + "}";
        }

        private static String text(String content) {
            return "{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]," + USAGE + "}";
        }

        private static String toolCallStream(String name, String arguments) {
            return chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                    + chunk(
                            "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                                    + "{\"name\":\"" + name + "\",\"arguments\":\"" + arguments + "\"}}]}",
                            "null")
                    + chunk("{}", "\"tool_calls\"") + usageChunk() + "data: [DONE]\n\n";
        }

        private static String textStream(String content) {
            StringBuilder events = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
            for (String word : content.split("(?<= )")) {
                events.append(chunk("{\"content\":\"" + word + "\"}", "null"));
            }
            return events.append(chunk("{}", "\"stop\""))
                    .append(usageChunk())
                    .append("data: [DONE]\n\n")
                    .toString();
        }

        private static String chunk(String delta, String finishReason) {
            return "data: {" + HEAD + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                    + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
        }

        private static String usageChunk() {
            return "data: {" + HEAD + ",\"object\":\"chat.completion.chunk\",\"choices\":[]," + USAGE + "}\n\n";
        }
    }
}
