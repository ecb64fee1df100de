package dev.taskagent.tools.filesearch;

import com.google.re2j.Matcher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Searches one file at a time, streaming it through a reusable buffer (256 KiB, grown only for a line longer than
 * that, never beyond the per-file limit). The buffer always holds whole lines: each round processes up to the last
 * newline read, then keeps the trailing partial line plus up to {@code contextLines} previous lines (at most 64 KiB)
 * for before-context. Candidates come from the byte-level {@link ContentMatcher}; lines are decoded only to confirm a
 * regex or to build a returned match. One instance per worker thread.
 */
final class FileScanner {

    private static final int INITIAL_BUFFER = 256 * 1024;
    private static final int KEEP_MAX = 64 * 1024;
    private static final int BINARY_PROBE = 8192;
    private static final byte NL = '\n';

    private final Workspace ws;
    private final CallContext ctx;
    private final ContentMatcher cm;
    private final Matcher re;
    private final CandidateFinder finder;
    private final BoundedResults.Matches collector;
    private final int context;
    private final int width;
    private final int cap;
    private final long maxFileBytes;
    private final int maxBuffer;
    private byte[] buf = new byte[INITIAL_BUFFER];
    /** Latin-1 view of {@code buf[0, dataEnd)}: lets the JDK's vectorised String.indexOf intrinsics scan bytes. */
    private String hay = "";

    // per-file state
    private String display;
    private boolean countOnly;
    private boolean eof;
    private int matchCount;
    private final List<Pending> found = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();

    /** A match being built; after-context may arrive with the next buffer. */
    private static final class Pending {
        final long line;
        final String text;
        final List<String> before;
        final List<String> after = new ArrayList<>(2);
        int afterNeeded;

        Pending(long line, String text, List<String> before, int afterNeeded) {
            this.line = line;
            this.text = text;
            this.before = before;
            this.afterNeeded = afterNeeded;
        }
    }

    FileScanner(
            Workspace ws,
            CallContext ctx,
            ContentMatcher cm,
            BoundedResults.Matches collector,
            int contextLines,
            int maxResults) {
        this.ws = ws;
        this.ctx = ctx;
        this.cm = cm;
        this.re = cm.newMatcher();
        this.finder = cm.newFinder();
        this.collector = collector;
        this.context = contextLines;
        this.width = ctx.limits.maxLineWidth();
        this.cap = maxResults;
        this.maxFileBytes = ctx.limits.maxFileBytes();
        this.maxBuffer = (int) Math.min(Integer.MAX_VALUE - 64, maxFileBytes + 2L * KEEP_MAX + 1);
    }

    void scan(FileItem f) {
        display = f.display();
        countOnly = !collector.mayAccept(display);
        matchCount = 0;
        found.clear();
        pending.clear();
        boolean text = false;
        try (FileChannel ch = f.open(ws)) {
            text = scanChannel(ch, f.size());
        } catch (Dir.Refused e) {
            (e.reason == Dir.Refusal.HARD_LINKS ? ctx.hardLinked : ctx.unreadable).increment();
        } catch (IOException e) {
            ctx.unreadable.increment();
        }
        hay = "";
        if (text) {
            ctx.filesScanned.increment();
        }
        if (matchCount > 0) {
            List<Match> ms = new ArrayList<>(found.size());
            for (Pending p : found) {
                ms.add(new Match(
                        display,
                        (int) Math.min(Integer.MAX_VALUE, p.line),
                        p.text,
                        List.copyOf(p.before),
                        List.copyOf(p.after)));
            }
            collector.offer(ms, matchCount);
        }
    }

    /** @return false when the file is binary */
    private boolean scanChannel(FileChannel ch, long expectedSize) throws IOException {
        int dataEnd = 0;
        int regionStart = 0;
        long line = 1;
        long readTotal = 0;
        boolean first = true;
        eof = false;
        while (true) {
            while (dataEnd < buf.length && !eof) {
                int n = ch.read(ByteBuffer.wrap(buf, dataEnd, buf.length - dataEnd));
                if (n < 0) {
                    eof = true;
                } else {
                    dataEnd += n;
                    readTotal += n;
                    // stop at the size seen by the walk (saves a read per file), and never beyond the limit
                    if (readTotal >= expectedSize || readTotal >= maxFileBytes) {
                        eof = true;
                    }
                }
            }
            hay = new String(buf, 0, dataEnd, StandardCharsets.ISO_8859_1);
            if (first) {
                first = false;
                if (hay.indexOf(0, 0, Math.min(dataEnd, BINARY_PROBE)) >= 0) {
                    ctx.binary.increment();
                    return false;
                }
            }
            int processEnd;
            if (eof) {
                processEnd = dataEnd;
            } else {
                int nl = hay.lastIndexOf('\n', dataEnd - 1);
                if (nl < regionStart) {
                    if (!grow(dataEnd)) {
                        eof = true; // cannot happen within the per-file limit; be safe anyway
                    }
                    continue;
                }
                processEnd = nl + 1;
            }
            line = processRegion(regionStart, processEnd, line);
            if (eof || ctx.shouldStop()) {
                break;
            }
            int keepFrom = keepFrom(processEnd);
            int len = dataEnd - keepFrom;
            System.arraycopy(buf, keepFrom, buf, 0, len);
            regionStart = processEnd - keepFrom;
            dataEnd = len;
            if (buf.length - dataEnd < buf.length / 4) {
                grow(dataEnd);
            }
        }
        return true;
    }

    private boolean grow(int used) {
        if (buf.length >= maxBuffer) {
            return false;
        }
        byte[] bigger = new byte[(int) Math.min(maxBuffer, buf.length * 2L)];
        System.arraycopy(buf, 0, bigger, 0, used);
        buf = bigger;
        return true;
    }

    /** Start of the {@code context}-th line before {@code end} (a line start), within {@link #KEEP_MAX} bytes. */
    private int keepFrom(int end) {
        if (context == 0 || countOnly) {
            return end;
        }
        int floor = Math.max(0, end - KEEP_MAX);
        int start = end;
        int searchEnd = end - 1; // the newline ending the last processed line
        for (int i = 0; i < context; i++) {
            int prev = Bytes.lastIndexOf(buf, NL, floor, searchEnd);
            if (prev < 0) {
                if (floor == 0) {
                    start = 0;
                }
                break;
            }
            start = prev + 1;
            searchEnd = prev;
        }
        return start;
    }

    private boolean wantLines() {
        return !countOnly && found.size() < cap;
    }

    /** Processes whole lines in {@code buf[from, to)} whose first line is {@code lineAtFrom}; returns line at {@code to}. */
    private long processRegion(int from, int to, long lineAtFrom) {
        if (!pending.isEmpty()) {
            fillPending(from, to);
        }
        final boolean exact = cm.candidatesAreMatches();
        int pos = from;
        int counted = from;
        long line = lineAtFrom;
        int checks = 0;
        while (pos < to) {
            int c = finder.find(hay, buf, pos, to);
            if (c < 0) {
                break;
            }
            int prev = c == pos ? -1 : hay.lastIndexOf('\n', c - 1);
            int ls = prev < pos ? pos : prev + 1;
            int nl = hay.indexOf('\n', c);
            int le = nl < 0 || nl >= to ? to : nl;
            String text = null;
            int idx = 0;
            if (!exact) {
                if ((++checks & 1023) == 0 && ctx.shouldStop()) {
                    break;
                }
                text = decodeLine(ls, le);
                idx = cm.matchIndex(text, re);
                if (idx < 0) {
                    pos = le + 1;
                    continue;
                }
            }
            matchCount++;
            if (wantLines()) {
                line += Bytes.count(buf, NL, counted, ls);
                counted = ls;
                if (text == null) {
                    text = decodeLine(ls, le);
                    idx = Math.max(0, cm.matchIndex(text, re));
                }
                Pending p = new Pending(line, trimAround(text, idx), before(ls), context);
                found.add(p);
                collectAfter(p, le + 1, to);
            }
            pos = le + 1;
        }
        if (!eof && wantLines()) {
            line += Bytes.count(buf, NL, counted, to);
        }
        return line;
    }

    private void fillPending(int from, int to) {
        int p = from;
        while (!pending.isEmpty() && p < to) {
            int nl = Bytes.indexOf(buf, NL, p, to);
            int e = nl < 0 ? to : nl;
            String s = decodeContext(p, e);
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending m = it.next();
                m.after.add(s);
                if (--m.afterNeeded == 0) {
                    it.remove();
                }
            }
            p = e + 1;
        }
    }

    private void collectAfter(Pending m, int from, int to) {
        int p = from;
        while (m.afterNeeded > 0 && p < to) {
            int nl = Bytes.indexOf(buf, NL, p, to);
            int e = nl < 0 ? to : nl;
            m.after.add(decodeContext(p, e));
            m.afterNeeded--;
            p = e + 1;
        }
        if (m.afterNeeded > 0 && !eof) {
            pending.add(m);
        }
    }

    private List<String> before(int lineStart) {
        if (context == 0 || lineStart == 0) {
            return List.of();
        }
        String[] tmp = new String[context];
        int k = 0;
        int e = lineStart;
        while (k < context && e > 0) {
            int lineEnd = e - 1; // its newline
            int prev = Bytes.lastIndexOf(buf, NL, 0, lineEnd);
            int start = prev + 1;
            tmp[k++] = decodeContext(start, lineEnd);
            e = start;
        }
        List<String> out = new ArrayList<>(k);
        for (int i = k - 1; i >= 0; i--) {
            out.add(tmp[i]);
        }
        return out;
    }

    private String decodeLine(int s, int e) {
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        return new String(buf, s, e - s, StandardCharsets.UTF_8);
    }

    /** Decodes a context line, reading at most what can be shown. */
    private String decodeContext(int s, int e) {
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        int max = width * 4;
        boolean cut = e - s > max;
        String str = new String(buf, s, cut ? max : e - s, StandardCharsets.UTF_8);
        return Text.cutEnd(str, width, cut);
    }

    private String trimAround(String line, int idx) {
        return Text.around(line, idx, width);
    }
}
