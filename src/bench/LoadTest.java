import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends N tasks at once to a running task-agent and waits for every answer; prints throughput and latency
 * percentiles, and exits non-zero unless every task completed with the expected answer. Loopback only: the URL must
 * point at 127.0.0.1 or localhost. Every request has a timeout, so the run always ends.
 * usage: java src/bench/LoadTest.java URL[,URL...] API_KEY TASKS EXPECTED_OUTPUT (several URLs: round robin)
 */
public class LoadTest {

    record Outcome(int status, long nanos, boolean expected, String body) {}

    public static void main(String[] args) throws Exception {
        // several URLs (comma-separated): the tasks go to each in turn, as a load balancer would send them
        List<URI> urls = new ArrayList<>();
        for (String each : args[0].split(",")) {
            URI url = URI.create(each);
            if (!url.getHost().equals("127.0.0.1") && !url.getHost().equals("localhost")) {
                throw new IllegalArgumentException("loopback only: " + url);
            }
            urls.add(url);
        }
        String key = args[1];
        int tasks = Integer.parseInt(args[2]);
        String expected = args[3];
        String body = "{\"input\":\"What is 1234 times 5678?\",\"tools\":[\"calculator\"]}";

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        List<HttpRequest> requests = urls.stream()
                .map(url -> HttpRequest.newBuilder(url)
                        .timeout(Duration.ofMinutes(5))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build())
                .toList();

        long start = System.nanoTime();
        List<CompletableFuture<Outcome>> running = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            long sent = System.nanoTime();
            running.add(client.sendAsync(requests.get(i % requests.size()), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Outcome(
                            r.statusCode(),
                            System.nanoTime() - sent,
                            r.statusCode() == 200 && r.body().contains(expected),
                            r.body()))
                    .exceptionally(e -> new Outcome(-1, System.nanoTime() - sent, false, e.toString())));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - start) / 1e9;

        List<Long> latencies = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int good = 0;
        String firstUnexpected = null;
        for (CompletableFuture<Outcome> future : running) {
            Outcome outcome = future.get();
            latencies.add(outcome.nanos());
            statuses.merge(outcome.status(), 1, Integer::sum);
            if (outcome.expected()) {
                good++;
            } else if (firstUnexpected == null) {
                firstUnexpected = outcome.body();
            }
        }
        if (firstUnexpected != null) {
            System.out.println("first unexpected answer: " + firstUnexpected);
        }
        Collections.sort(latencies);
        System.out.printf(
                "tasks: %d sent at once, %d completed with the expected answer; statuses %s%n", tasks, good, statuses);
        System.out.printf("wall time: %.2f s, throughput: %.1f tasks/s%n", wall, tasks / wall);
        System.out.printf(
                "latency: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                ms(latencies, 0.50),
                ms(latencies, 0.90),
                ms(latencies, 0.99),
                latencies.get(latencies.size() - 1) / 1_000_000);
        client.close();
        System.exit(good == tasks ? 0 : 1);
    }

    private static long ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000;
    }
}
