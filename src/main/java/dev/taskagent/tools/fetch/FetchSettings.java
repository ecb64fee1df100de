package dev.taskagent.tools.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Operator configuration of {@code http_fetch}.
 *
 * @param connectTimeout        TCP connect (and TLS connection set-up) timeout per hop
 * @param readTimeout           longest silence while waiting for / reading a response
 * @param totalTimeout          wall-clock budget for the whole fetch, all redirects, DNS and body included
 * @param maxBytes              response body cap (raw and decompressed), enforced while streaming
 * @param maxChars              characters of text returned per page (see {@link FetchedPage#nextStartIndex()})
 * @param maxRedirects          redirects followed at most
 * @param allowPrivateAddresses allow private/loopback/special ranges (link-local, metadata, multicast, broadcast
 *                              and "this network" stay blocked, see {@link AddressRules})
 * @param allowedDomains        when non-empty, only these domains (and sub-domains) may be fetched
 * @param blockedDomains        these domains (and sub-domains) may never be fetched
 * @param extraBlockedHostPorts {@code host:port} / {@code [v6]:port} / {@code host} (all ports) always blocked, even
 *                              with private addresses allowed, e.g. {@code AWS_LAMBDA_RUNTIME_API}
 * @param userAgent             fixed User-Agent header
 */
public record FetchSettings(
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout,
        long maxBytes,
        int maxChars,
        int maxRedirects,
        boolean allowPrivateAddresses,
        List<String> allowedDomains,
        List<String> blockedDomains,
        List<String> extraBlockedHostPorts,
        String userAgent) {

    public static final String DEFAULT_USER_AGENT = "task-agent/0.1 (+https://github.com/task-agent)";

    /**
     * Validates and normalises. Domain entries are normalised like hosts (IDN to punycode, lower case, trailing dot
     * and a leading {@code *.} / {@code .} removed).
     *
     * @throws IllegalArgumentException when both domain lists are non-empty, a value is out of range or an entry is invalid
     */
    public FetchSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(totalTimeout, "totalTimeout");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
        allowedDomains = normalizeDomains(allowedDomains);
        blockedDomains = normalizeDomains(blockedDomains);
        if (!allowedDomains.isEmpty() && !blockedDomains.isEmpty()) {
            throw new IllegalArgumentException("allowedDomains and blockedDomains must not both be set");
        }
        extraBlockedHostPorts = extraBlockedHostPorts == null
                ? List.of()
                : extraBlockedHostPorts.stream()
                        .filter(e -> e != null && !e.isBlank())
                        .map(String::strip)
                        .toList();
        extraBlockedHostPorts.forEach(UrlGuard::parseHostPort); // validates
        if (userAgent == null || userAgent.isBlank()) {
            userAgent = DEFAULT_USER_AGENT;
        }
        if (!userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("userAgent must be printable ASCII");
        }
    }

    /** 5 s connect, 10 s read, 20 s total, 2 MiB, 20 000 characters, 5 redirects, private addresses off, no lists. */
    public static FetchSettings defaults() {
        return new FetchSettings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                2L * 1024 * 1024,
                20_000,
                5,
                false,
                List.of(),
                List.of(),
                List.of(),
                DEFAULT_USER_AGENT);
    }

    public FetchSettings withAllowPrivateAddresses(boolean allow) {
        return new FetchSettings(
                connectTimeout,
                readTimeout,
                totalTimeout,
                maxBytes,
                maxChars,
                maxRedirects,
                allow,
                allowedDomains,
                blockedDomains,
                extraBlockedHostPorts,
                userAgent);
    }

    public FetchSettings withTimeouts(Duration connect, Duration read, Duration total) {
        return new FetchSettings(
                connect,
                read,
                total,
                maxBytes,
                maxChars,
                maxRedirects,
                allowPrivateAddresses,
                allowedDomains,
                blockedDomains,
                extraBlockedHostPorts,
                userAgent);
    }

    public FetchSettings withLimits(long maxBytes, int maxChars, int maxRedirects) {
        return new FetchSettings(
                connectTimeout,
                readTimeout,
                totalTimeout,
                maxBytes,
                maxChars,
                maxRedirects,
                allowPrivateAddresses,
                allowedDomains,
                blockedDomains,
                extraBlockedHostPorts,
                userAgent);
    }

    public FetchSettings withDomains(List<String> allowed, List<String> blocked) {
        return new FetchSettings(
                connectTimeout,
                readTimeout,
                totalTimeout,
                maxBytes,
                maxChars,
                maxRedirects,
                allowPrivateAddresses,
                allowed,
                blocked,
                extraBlockedHostPorts,
                userAgent);
    }

    public FetchSettings withExtraBlockedHostPorts(List<String> hostPorts) {
        return new FetchSettings(
                connectTimeout,
                readTimeout,
                totalTimeout,
                maxBytes,
                maxChars,
                maxRedirects,
                allowPrivateAddresses,
                allowedDomains,
                blockedDomains,
                hostPorts,
                userAgent);
    }

    static List<String> normalizeDomains(List<String> domains) {
        if (domains == null) {
            return List.of();
        }
        return domains.stream()
                .filter(Objects::nonNull)
                .filter(d -> !d.isBlank())
                .map(UrlGuard::normalizeDomainEntry)
                .distinct()
                .toList();
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
