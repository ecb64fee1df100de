package dev.taskagent.tools.filesearch;

/**
 * Result of {@link FileSearch#search}.
 *
 * @param matches          matching lines sorted by path then line number
 * @param totalMatches     matching lines found in total (a lower bound when a limit stopped the search)
 * @param filesScanned     text files whose content was searched
 * @param filesWithMatches files with at least one matching line
 * @param truncated        true when matches were left out or a limit stopped the search
 * @param note             short explanation for the model, or null when there is nothing to say
 */
public record SearchResult(
        java.util.List<Match> matches,
        int totalMatches,
        int filesScanned,
        int filesWithMatches,
        boolean truncated,
        String note) {}
