package dev.taskagent.tools.filesearch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-only file tools over a {@link Workspace}: find files by glob, search contents (literal or RE2 regex), read
 * line ranges. Thread-safe; every call runs its own bounded parallel walk and never throws for hitting a limit
 * (results come back with {@code truncated = true} and a note). Model errors (bad path, bad pattern) throw
 * {@link FileSearchException} with a short message.
 */
public final class FileSearch {

    private static final int BINARY_PROBE = 8192;
    private static final AtomicInteger OPENER_SEQ = new AtomicInteger();
    /** Threads for {@link #openBounded}; one stays blocked only while a hostile FIFO holds it. */
    private static final ExecutorService OPENERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "filesearch-open-" + OPENER_SEQ.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final Workspace workspace;
    private final FileSearchLimits limits;

    public FileSearch(Workspace workspace, FileSearchLimits limits) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Lists regular files matching {@code glob} (null or blank: all files) under all roots.
     *
     * @param maxResults at most this many (0 or less: the limit's default; capped by the limit)
     */
    public FindResult find(String glob, FileOrder order, int maxResults) {
        GlobFilter filter = GlobFilter.of(glob);
        int cap = cap(maxResults, limits.maxResults());
        CallContext ctx = new CallContext(limits);
        BoundedResults.Files files = new BoundedResults.Files(cap, order == null ? FileOrder.PATH : order);
        new Walker(
                        workspace,
                        filter,
                        ctx,
                        f -> files.offer(
                                new FileEntry(f.display(), f.size(), f.mtime().toInstant())))
                .run();
        List<FileEntry> out = files.close();
        long total = files.total();
        List<String> notes = new ArrayList<>();
        stopNote(ctx, notes, "listing");
        if (total > out.size()) {
            notes.add("showing " + out.size() + " of " + total + " files"
                    + (ctx.stopReason() != null ? " found so far" : "") + "; narrow the glob to see the rest");
        }
        return new FindResult(
                List.copyOf(out), clampInt(total), ctx.stopReason() != null || total > out.size(), join(notes));
    }

    /** Searches file contents line by line. */
    public SearchResult search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        ContentMatcher cm = ContentMatcher.create(query.pattern(), query.regex(), query.caseInsensitive());
        GlobFilter filter = GlobFilter.of(query.glob());
        int cap = cap(query.maxResults(), limits.maxResults());
        int context = Math.max(0, Math.min(query.contextLines(), limits.maxContextLines()));
        CallContext ctx = new CallContext(limits);
        BoundedResults.Matches matches = new BoundedResults.Matches(cap);
        ThreadLocal<FileScanner> scanners =
                ThreadLocal.withInitial(() -> new FileScanner(workspace, ctx, cm, matches, context, cap));
        new Walker(workspace, filter, ctx, f -> {
                    if (f.size() > limits.maxFileBytes()) {
                        ctx.tooLarge.increment();
                        return;
                    }
                    if (!ctx.reserveBytes(f.size())) {
                        return;
                    }
                    scanners.get().scan(f);
                })
                .run();
        List<Match> out = matches.close();
        long total = matches.total();
        List<String> notes = new ArrayList<>();
        stopNote(ctx, notes, "search");
        if (total > out.size()) {
            notes.add("showing " + out.size() + " of " + total + " matching lines"
                    + (ctx.stopReason() != null ? " found so far" : "") + "; narrow the search to see the rest");
        }
        long binary = ctx.binary.sum();
        long large = ctx.tooLarge.sum();
        long unreadable = ctx.unreadable.sum();
        if (binary > 0) {
            notes.add("skipped " + binary + " binary file" + (binary == 1 ? "" : "s"));
        }
        if (large > 0) {
            notes.add("skipped " + large + " file" + (large == 1 ? "" : "s") + " larger than "
                    + bytes(limits.maxFileBytes()));
        }
        if (unreadable > 0) {
            notes.add("skipped " + unreadable + " unreadable file" + (unreadable == 1 ? "" : "s"));
        }
        long hardLinked = ctx.hardLinked.sum();
        if (hardLinked > 0) {
            notes.add("skipped " + hardLinked + " file" + (hardLinked == 1 ? "" : "s")
                    + " with several hard links (allowed only with task-agent.tools.file-search.allow-hard-links)");
        }
        return new SearchResult(
                List.copyOf(out),
                clampInt(total),
                clampInt(ctx.filesScanned.sum()),
                matches.files(),
                ctx.stopReason() != null || total > out.size(),
                join(notes));
    }

    /**
     * Reads lines {@code startLine .. startLine + lineCount - 1} (1-based) of a text file.
     *
     * @param startLine first line, values below 1 mean 1
     * @param lineCount lines wanted; 0 or less (or more than the limit) means as many as the limit allows
     * @return the lines; {@code truncated} tells whether more of the file remains after {@code endLine}
     */
    public FileSlice read(String path, int startLine, int lineCount) {
        ResolvedPath rp = workspace.resolve(path);
        String display = workspace.display(rp.path());
        int start = Math.max(1, startLine);
        boolean unlimited = lineCount <= 0;
        int want = unlimited ? limits.maxReadLines() : Math.min(lineCount, limits.maxReadLines());
        try (FileChannel ch = openBounded(rp, display)) {
            return readLines(ch, display, start, want, ch.size() <= limits.maxFileBytes());
        } catch (Dir.Refused e) {
            throw refusal(e, display);
        } catch (IOException e) {
            throw new FileSearchException("cannot read file: " + display);
        }
    }

    /**
     * Opens on a helper thread and waits at most the wall-time limit: an open that a FIFO swapped in at the last moment
     * keeps blocked (and the watchdog could not release) costs a thread, never the call. A late channel is closed.
     */
    private FileChannel openBounded(ResolvedPath rp, String display) throws IOException {
        CompletableFuture<FileChannel> f = new CompletableFuture<>();
        OPENERS.execute(() -> {
            try {
                if (!f.complete(workspace.openFile(rp))) {
                    f.join().close();
                }
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(limits.maxWallTime().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!f.completeExceptionally(new Dir.Refused(Dir.Refusal.TIMED_OUT, 0))) {
                return f.join();
            }
            throw new Dir.Refused(Dir.Refusal.TIMED_OUT, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(new Dir.Refused(Dir.Refusal.TIMED_OUT, 0));
            throw new FileSearchException("cannot read file: " + display + " (interrupted)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private FileSearchException refusal(Dir.Refused e, String display) {
        return new FileSearchException(
                switch (e.reason) {
                    case DIRECTORY -> "is a directory: " + display + "; use find to list files";
                    case NOT_REGULAR -> "not a regular file: " + display;
                    case HARD_LINKS ->
                        "refused: " + display + " has " + e.links
                                + " hard links and may be a file from outside the workspace "
                                + "(allowed only with task-agent.tools.file-search.allow-hard-links=true)";
                    case CHANGED -> "cannot read file: " + display + " (it changed while being opened)";
                    case TIMED_OUT ->
                        "cannot read file: " + display + " (it did not open within " + duration(limits.maxWallTime())
                                + "; a FIFO or device?)";
                });
    }

    private FileSlice readLines(FileChannel ch, String display, int start, int want, boolean countAll)
            throws IOException {
        byte[] buf = new byte[64 * 1024];
        int keepBytes = limits.maxLineWidth() * 4;
        byte[] acc = new byte[keepBytes];
        int accLen = 0;
        boolean accCut = false;
        boolean lineHasBytes = false;
        long lineNo = 1; // number of the line being read
        long endExclusive = (long) start + want;
        List<String> lines = new ArrayList<>();
        long readTotal = 0;
        boolean first = true;
        boolean moreAfterRange = false;
        boolean stoppedEarly = false;
        long deadline = System.nanoTime() + limits.maxWallTime().toNanos();
        outer:
        while (true) {
            int n = fill(ch, buf);
            if (first) {
                first = false;
                if (Bytes.containsNul(buf, 0, Math.min(n, BINARY_PROBE))) {
                    throw new FileSearchException("binary file; not shown: " + display);
                }
            }
            if (n <= 0) {
                break;
            }
            readTotal += n;
            int p = 0;
            while (p < n) {
                if (lineNo >= endExclusive) {
                    moreAfterRange = true;
                    if (!countAll) {
                        stoppedEarly = true;
                        break outer;
                    }
                    // count the remaining lines only
                    int c = Bytes.count(buf, (byte) '\n', p, n);
                    lineNo += c;
                    int lastNl = Bytes.lastIndexOf(buf, (byte) '\n', p, n);
                    lineHasBytes = lastNl < n - 1 || (lastNl < 0 && lineHasBytes);
                    break;
                }
                int nl = Bytes.indexOf(buf, (byte) '\n', p, n);
                int e = nl < 0 ? n : nl;
                boolean inRange = lineNo >= start;
                if (inRange) {
                    int take = Math.min(e - p, keepBytes - accLen);
                    System.arraycopy(buf, p, acc, accLen, take);
                    accLen += take;
                    accCut |= take < e - p;
                }
                lineHasBytes |= e > p;
                if (nl < 0) {
                    break; // the line continues in the next buffer
                }
                if (inRange) {
                    lines.add(decodeReadLine(acc, accLen, accCut));
                }
                accLen = 0;
                accCut = false;
                lineHasBytes = false;
                lineNo++;
                p = nl + 1;
            }
            if (readTotal > limits.maxBytesScanned() || System.nanoTime() - deadline > 0) {
                stoppedEarly = true;
                break;
            }
        }
        if (!stoppedEarly && lineHasBytes) {
            // last line without a trailing newline
            if (lineNo >= start && lineNo < endExclusive) {
                lines.add(decodeReadLine(acc, accLen, accCut));
            }
            lineNo++;
        }
        int total = (!stoppedEarly && countAll) ? clampInt(lineNo - 1) : -1;
        int end = start + lines.size() - 1;
        // "more remains": lines after endLine exist, or the limits stopped the read before the range was complete
        boolean truncated = moreAfterRange || (stoppedEarly && lines.size() < want);
        return new FileSlice(display, start, end, total, List.copyOf(lines), truncated);
    }

    private static int fill(FileChannel ch, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = ch.read(ByteBuffer.wrap(buf, off, buf.length - off));
            if (n < 0) {
                break;
            }
            off += n;
        }
        return off;
    }

    private String decodeReadLine(byte[] acc, int len, boolean cut) {
        int e = len;
        if (!cut && e > 0 && acc[e - 1] == '\r') {
            e--;
        }
        return Text.cutEnd(new String(acc, 0, e, StandardCharsets.UTF_8), limits.maxLineWidth(), cut);
    }

    private void stopNote(CallContext ctx, List<String> notes, String what) {
        CallContext.Stop s = ctx.stopReason();
        if (s == CallContext.Stop.TIME) {
            notes.add("stopped after " + duration(limits.maxWallTime()) + "; " + what
                    + " is incomplete, narrow it with a glob or a more specific pattern");
        } else if (s == CallContext.Stop.BYTES) {
            notes.add("stopped after scanning " + bytes(limits.maxBytesScanned()) + "; " + what
                    + " is incomplete, narrow it with a glob or a more specific pattern");
        }
    }

    private static int cap(int requested, int limit) {
        return requested <= 0 ? limit : Math.min(requested, limit);
    }

    private static int clampInt(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    private static String join(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms >= 1000 && ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return ms > 0 ? ms + " ms" : d.toNanos() / 1000 + " µs";
    }

    static String bytes(long b) {
        if (b >= (1L << 30) && b % (1L << 30) == 0) {
            return (b >> 30) + " GiB";
        }
        if (b >= (1L << 20) && b % (1L << 20) == 0) {
            return (b >> 20) + " MiB";
        }
        if (b >= 1024 && b % 1024 == 0) {
            return (b >> 10) + " KiB";
        }
        return b + " bytes";
    }
}
