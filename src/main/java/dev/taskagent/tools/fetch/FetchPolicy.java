package dev.taskagent.tools.fetch;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-task narrowing of {@link FetchSettings}: when {@code allowedDomains} is non-empty a host must match one of them
 * in addition to every settings rule (the two allow-lists intersect). Entries are normalised like
 * {@link FetchSettings#allowedDomains()}.
 */
public record FetchPolicy(List<String> allowedDomains) {

    public FetchPolicy {
        allowedDomains = FetchSettings.normalizeDomains(allowedDomains);
    }

    /** How a per-task entry must look; part of every refusal, and of the API documentation. */
    public static final String ENTRY_RULE = "each entry is a bare host name such as example.com (it also covers its"
            + " subdomains) or an IPv4 address; internationalised names are accepted when they convert to ASCII"
            + " (IDNA); no wildcards, schemes, ports, paths or spaces";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /**
     * Why a domain entry from a task request cannot be used, or empty when it can. Stricter than the operator's
     * lists, which also take {@code *.example.com}: a client's entry is checked here so that a bad one is a 400 at
     * once, not a tool error in the middle of the task.
     */
    public static Optional<String> entryProblem(String entry) {
        if (entry == null || entry.isBlank()) {
            return Optional.of("is empty");
        }
        if (entry.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("contains a space");
        }
        if (entry.indexOf('*') >= 0) {
            return Optional.of("is a wildcard (list the domain itself: example.com covers its subdomains)");
        }
        if (entry.contains("://") || SCHEME.matcher(entry).find() && !entry.matches("[^:]*:[0-9]*")) {
            return Optional.of("has a scheme");
        }
        if (entry.indexOf(':') >= 0) {
            return Optional.of("has a port");
        }
        if (entry.indexOf('/') >= 0 || entry.indexOf('?') >= 0 || entry.indexOf('#') >= 0) {
            return Optional.of("has a path");
        }
        if (entry.startsWith(".")) {
            return Optional.of("starts with a dot");
        }
        try {
            UrlGuard.normalizeHost(entry);
            return Optional.empty();
        } catch (FetchException e) {
            return Optional.of("is not a valid host name (" + e.getMessage().replaceFirst("^invalid URL: ", "") + ")");
        }
    }

    /** No per-task restriction. */
    public static FetchPolicy none() {
        return new FetchPolicy(List.of());
    }

    public static FetchPolicy allowing(String... domains) {
        return new FetchPolicy(Arrays.asList(domains));
    }
}
