package dev.taskagent.tools.filesearch;

import java.util.Arrays;
import java.util.List;

/**
 * Earliest occurrence of any of a few literals (a regex prefilter for alternations such as {@code TODO|FIXME}). Keeps
 * the next occurrence of each literal between calls on the same buffer view, so each literal is scanned once per
 * buffer. Not thread-safe: one instance per worker thread.
 */
final class MultiLiteralFinder implements CandidateFinder {

    private static final int UNKNOWN = -2;
    private static final int NONE = -1;

    private final LiteralFinder[] finders;
    private final int[] next;
    private String cachedHay;
    private int cachedTo;
    private int lastFrom;

    MultiLiteralFinder(List<String> literals, boolean asciiCaseInsensitive) {
        this.finders = literals.stream()
                .map(l -> new LiteralFinder(l, asciiCaseInsensitive))
                .toArray(LiteralFinder[]::new);
        this.next = new int[finders.length];
    }

    @Override
    public int find(String hay, byte[] buf, int from, int to) {
        if (hay != cachedHay || to != cachedTo || from < lastFrom) {
            cachedHay = hay;
            cachedTo = to;
            Arrays.fill(next, UNKNOWN);
        }
        lastFrom = from;
        int best = -1;
        for (int k = 0; k < finders.length; k++) {
            int nk = next[k];
            if (nk == UNKNOWN || (nk != NONE && nk < from)) {
                nk = finders[k].find(hay, buf, from, to);
                next[k] = nk < 0 ? NONE : nk;
            }
            if (nk >= 0 && (best < 0 || nk < best)) {
                best = nk;
            }
        }
        return best;
    }
}
