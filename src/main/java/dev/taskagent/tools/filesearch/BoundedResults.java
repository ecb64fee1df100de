package dev.taskagent.tools.filesearch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Thread-safe bounded collectors that keep the first {@code cap} results in the final order whatever order the worker
 * threads deliver them in, so capped results are deterministic. Totals count everything offered.
 */
final class BoundedResults {

    private BoundedResults() {}

    static final Comparator<Match> MATCH_ORDER =
            Comparator.comparing(Match::path).thenComparingInt(Match::line);

    static final class Matches {
        private final int cap;
        private final PriorityQueue<Match> worst = new PriorityQueue<>(MATCH_ORDER.reversed());
        private long total;
        private int files;
        private boolean closed;

        Matches(int cap) {
            this.cap = cap;
        }

        /** False when no match of a file with this path can make it into the result (only counting is needed). */
        synchronized boolean mayAccept(String path) {
            return worst.size() < cap || path.compareTo(worst.peek().path()) <= 0;
        }

        synchronized void offer(List<Match> ms, int count) {
            if (closed) {
                return;
            }
            total += count;
            if (count > 0) {
                files++;
            }
            for (Match m : ms) {
                if (worst.size() < cap) {
                    worst.add(m);
                } else if (MATCH_ORDER.compare(m, worst.peek()) < 0) {
                    worst.poll();
                    worst.add(m);
                }
            }
        }

        /** Stops accepting late offers and returns the sorted matches. */
        synchronized List<Match> close() {
            closed = true;
            List<Match> out = new ArrayList<>(worst);
            out.sort(MATCH_ORDER);
            return out;
        }

        synchronized long total() {
            return total;
        }

        synchronized int files() {
            return files;
        }
    }

    static final class Files {
        private final int cap;
        private final Comparator<FileEntry> order;
        private final PriorityQueue<FileEntry> worst;
        private long total;
        private boolean closed;

        Files(int cap, FileOrder fileOrder) {
            this.cap = cap;
            Comparator<FileEntry> byPath = Comparator.comparing(FileEntry::path);
            this.order = fileOrder == FileOrder.NEWEST_FIRST
                    ? Comparator.comparing(FileEntry::modified).reversed().thenComparing(byPath)
                    : byPath;
            this.worst = new PriorityQueue<>(order.reversed());
        }

        synchronized void offer(FileEntry e) {
            if (closed) {
                return;
            }
            total++;
            if (worst.size() < cap) {
                worst.add(e);
            } else if (order.compare(e, worst.peek()) < 0) {
                worst.poll();
                worst.add(e);
            }
        }

        synchronized List<FileEntry> close() {
            closed = true;
            List<FileEntry> out = new ArrayList<>(worst);
            out.sort(order);
            return out;
        }

        synchronized long total() {
            return total;
        }
    }
}
