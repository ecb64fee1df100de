package dev.taskagent.tools.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test resolver: fixed answers (or a sequence of answers) per host name, never touches DNS; counts calls. */
final class FakeResolver implements HostResolver {

    private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Always answer {@code ips} for {@code host}. */
    FakeResolver map(String host, String... ips) {
        answers.put(host, List.of(addresses(host, ips)));
        return this;
    }

    /** Answer {@code first} on the first call, {@code then} on every later call. */
    FakeResolver sequence(String host, List<String> first, List<String> then) {
        answers.put(
                host,
                List.of(addresses(host, first.toArray(String[]::new)), addresses(host, then.toArray(String[]::new))));
        return this;
    }

    @Override
    public List<InetAddress> resolve(String asciiHost) throws UnknownHostException {
        int n = calls.computeIfAbsent(asciiHost, h -> new AtomicInteger()).getAndIncrement();
        List<List<InetAddress>> a = answers.get(asciiHost);
        if (a == null) {
            throw new UnknownHostException(asciiHost);
        }
        return a.get(Math.min(n, a.size() - 1));
    }

    int calls(String host) {
        AtomicInteger c = calls.get(host);
        return c == null ? 0 : c.get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static List<InetAddress> addresses(String host, String... ips) {
        List<InetAddress> out = new ArrayList<>();
        for (String ip : ips) {
            try {
                out.add(InetAddress.getByAddress(host, AddressRulesTest.bytes(ip))); // raw bytes: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return out;
    }
}
