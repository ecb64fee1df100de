package dev.taskagent.tools.filesearch;

import java.time.Duration;
import java.util.Objects;

/**
 * Hard limits applied to every {@link FileSearch} call. Hitting one of them never throws: the call returns what it found
 * so far with {@code truncated = true} and a note for the model.
 *
 * @param maxResults      most matches / files returned by one call (requests asking for more are capped)
 * @param maxLineWidth    longest line text returned, in chars; longer lines are cut around the match and marked with "…"
 * @param maxContextLines most context lines before/after a match
 * @param maxFileBytes    files larger than this are skipped by search (still listed by find)
 * @param maxBytesScanned total file bytes one search may read
 * @param maxWallTime     wall-clock budget of one call
 * @param maxReadLines    most lines returned by one read
 */
public record FileSearchLimits(
        int maxResults,
        int maxLineWidth,
        int maxContextLines,
        long maxFileBytes,
        long maxBytesScanned,
        Duration maxWallTime,
        int maxReadLines) {

    public FileSearchLimits {
        Objects.requireNonNull(maxWallTime, "maxWallTime");
        if (maxResults < 1
                || maxLineWidth < 16
                || maxContextLines < 0
                || maxFileBytes < 1
                || maxBytesScanned < 1
                || maxReadLines < 1
                || maxWallTime.isNegative()
                || maxWallTime.isZero()) {
            throw new IllegalArgumentException("invalid file search limits: maxResults>=1, maxLineWidth>=16, "
                    + "maxContextLines>=0, maxFileBytes>=1, maxBytesScanned>=1, maxReadLines>=1, maxWallTime>0");
        }
    }

    /** 200 results, 300 chars per line, 5 context lines, 10 MiB per file, 1 GiB scanned, 10 s, 400 lines per read. */
    public static FileSearchLimits defaults() {
        return new FileSearchLimits(200, 300, 5, 10L << 20, 1L << 30, Duration.ofSeconds(10), 400);
    }
}
