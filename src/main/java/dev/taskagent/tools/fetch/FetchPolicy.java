package dev.taskagent.tools.fetch;

import java.util.Arrays;
import java.util.List;

/**
 * Per-task narrowing of {@link FetchSettings}: when {@code allowedDomains} is non-empty a host must match one of them
 * in addition to every settings rule (the two allow-lists intersect). Entries are normalised like
 * {@link FetchSettings#allowedDomains()}.
 */
public record FetchPolicy(List<String> allowedDomains) {

    public FetchPolicy {
        allowedDomains = FetchSettings.normalizeDomains(allowedDomains);
    }

    /** No per-task restriction. */
    public static FetchPolicy none() {
        return new FetchPolicy(List.of());
    }

    public static FetchPolicy allowing(String... domains) {
        return new FetchPolicy(Arrays.asList(domains));
    }
}
