package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSearchSearchTest {

    @TempDir
    Path root;

    FileSearch fs;

    @BeforeEach
    void tree() {
        Fixtures.write(root, "src/Main.java", """
                package demo;

                public class Main {
                    // TODO: greet properly
                    public static void main(String[] args) {
                        System.out.println("Hello, World");
                    }
                }
                """);
        Fixtures.write(root, "src/util/Helper.java", """
                package demo.util;
                class Helper {
                    static String hello() { return "hello"; } // todo later
                }
                """);
        Fixtures.write(root, "docs/readme.md", "# Readme\nSay HELLO to the world.\nThe end.\n");
        Fixtures.write(root, "notes.txt", "first line\nsecond TODO line\nthird line");
        fs = new FileSearch(new Workspace(List.of(root)), FileSearchLimits.defaults());
    }

    private static List<String> where(SearchResult r) {
        return r.matches().stream().map(m -> m.path() + ":" + m.line()).toList();
    }

    @Test
    void literalSearchReturnsPathsLineNumbersAndText() {
        SearchResult r = fs.search(SearchQuery.literal("TODO"));
        assertEquals(List.of("notes.txt:2", "src/Main.java:4"), where(r));
        assertEquals("    // TODO: greet properly", r.matches().get(1).text());
        assertEquals("second TODO line", r.matches().get(0).text());
        assertEquals(2, r.totalMatches());
        assertEquals(2, r.filesWithMatches());
        assertEquals(4, r.filesScanned());
        assertFalse(r.truncated());
        assertNull(r.note());
    }

    @Test
    void caseInsensitiveLiteralAndRegex() {
        assertEquals(
                List.of("notes.txt:2", "src/Main.java:4", "src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("todo", false, true, null, 0, 0))));
        assertEquals(
                List.of("docs/readme.md:2", "src/Main.java:6", "src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("hello", false, true, null, 0, 0))));
        assertEquals(
                List.of("docs/readme.md:2", "src/Main.java:6", "src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("h[aeiou]llo", true, true, null, 0, 0))));
        assertEquals(
                List.of("src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("hello", false, false, null, 0, 0))));
    }

    @Test
    void regexSearchUsesRe2Syntax() {
        SearchResult r = fs.search(new SearchQuery("^\\s*public\\s+(static\\s+)?\\w+", true, false, null, 0, 0));
        assertEquals(List.of("src/Main.java:3", "src/Main.java:5"), where(r));
        assertEquals(List.of("notes.txt:3"), where(fs.search(new SearchQuery("d line$", true, false, null, 0, 0))));
        assertEquals(List.of("notes.txt:1"), where(fs.search(new SearchQuery("^first", true, false, null, 0, 0))));
        assertEquals(
                List.of("notes.txt:2", "src/Main.java:4", "src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("\\b(TODO|todo|FIXME)\\b", true, false, null, 0, 0))));
        assertEquals(
                List.of("docs/readme.md:2", "notes.txt:2", "src/Main.java:4"),
                where(fs.search(new SearchQuery("TODO|HELLO", true, false, null, 0, 0))));
    }

    @Test
    void contextLinesBeforeAndAfter() {
        SearchResult r = fs.search(new SearchQuery("println", false, false, null, 2, 0));
        Match m = r.matches().get(0);
        assertEquals(6, m.line());
        assertEquals(
                List.of("    // TODO: greet properly", "    public static void main(String[] args) {"), m.before());
        assertEquals(List.of("    }", "}"), m.after());
        Match first = fs.search(new SearchQuery("first line", false, false, null, 3, 0))
                .matches()
                .get(0);
        assertEquals(List.of(), first.before());
        assertEquals(List.of("second TODO line", "third line"), first.after(), "last line has no trailing newline");
    }

    @Test
    void contextIsCappedByTheLimit() {
        FileSearch small = new FileSearch(
                new Workspace(List.of(root)),
                new FileSearchLimits(200, 300, 1, 1 << 20, 1 << 30, Duration.ofSeconds(10), 400));
        Match m = small.search(new SearchQuery("println", false, false, null, 50, 0))
                .matches()
                .get(0);
        assertEquals(1, m.before().size());
        assertEquals(1, m.after().size());
    }

    @Test
    void globFilterByNameAndByPath() {
        assertEquals(
                List.of("src/Main.java:4"), where(fs.search(new SearchQuery("TODO", false, false, "*.java", 0, 0))));
        assertEquals(
                List.of("src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("hello", false, false, "src/util/*.java", 0, 0))));
        assertEquals(List.of(), where(fs.search(new SearchQuery("hello", false, false, "src/*.java", 0, 0))));
        assertEquals(
                List.of("src/util/Helper.java:3"),
                where(fs.search(new SearchQuery("hello", false, false, "**/*.java", 0, 0))));
        assertEquals(List.of("notes.txt:2"), where(fs.search(new SearchQuery("TODO", false, false, "*.txt", 0, 0))));
    }

    @Test
    void gitignoreFilesAndDefaultSkippedDirectoriesAreHonoured() {
        Fixtures.write(root, ".gitignore", "ignored.txt\n/build/\n*.tmp\n!keep.tmp\n");
        Fixtures.write(root, "ignored.txt", "NEEDLE\n");
        Fixtures.write(root, "build/out.txt", "NEEDLE\n");
        Fixtures.write(root, "sub/build/out.txt", "NEEDLE\n"); // /build/ is anchored to the root
        Fixtures.write(root, "x.tmp", "NEEDLE\n");
        Fixtures.write(root, "keep.tmp", "NEEDLE\n");
        Fixtures.write(root, "sub/.gitignore", "*.md\n");
        Fixtures.write(root, "sub/a.md", "NEEDLE\n");
        Fixtures.write(root, "other/a.md", "NEEDLE\n"); // sub/.gitignore does not apply here
        Fixtures.write(root, "node_modules/pkg/index.js", "NEEDLE\n");
        Fixtures.write(root, "target/classes/x.txt", "NEEDLE\n");
        Fixtures.write(root, ".git/config", "NEEDLE\n");
        Fixtures.write(root, "sub/deep/target/x.txt", "NEEDLE\n");
        SearchResult r = fs.search(SearchQuery.literal("NEEDLE"));
        assertEquals(List.of("keep.tmp:1", "other/a.md:1", "sub/build/out.txt:1"), where(r));
        List<String> found = fs.find(null, FileOrder.PATH, 0).files().stream()
                .map(FileEntry::path)
                .toList();
        assertFalse(found.contains("ignored.txt"));
        assertFalse(found.contains("x.tmp"));
        assertTrue(found.contains("keep.tmp"));
    }

    @Test
    void binaryFilesAreSkippedWithANote() {
        byte[] bin = new byte[1000];
        System.arraycopy("NEEDLE".getBytes(StandardCharsets.UTF_8), 0, bin, 500, 6);
        Fixtures.writeBytes(root, "blob.bin", bin);
        byte[] late = new byte[20_000]; // NUL only after the first 8 KiB: treated as text
        java.util.Arrays.fill(late, (byte) 'x');
        late[100] = '\n';
        System.arraycopy("NEEDLE\n".getBytes(StandardCharsets.UTF_8), 0, late, 101, 7);
        late[15_000] = 0;
        Fixtures.writeBytes(root, "late.txt", late);
        SearchResult r = fs.search(SearchQuery.literal("NEEDLE"));
        assertEquals(List.of("late.txt:2"), where(r));
        assertTrue(r.note().contains("skipped 1 binary file"), r.note());
    }

    @Test
    void filesLargerThanTheLimitAreSkippedWithANote() {
        Fixtures.write(root, "big.txt", "x".repeat(5000) + "\nNEEDLE\n");
        Fixtures.write(root, "small.txt", "NEEDLE\n");
        FileSearch small = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(200, 4096, 1 << 30, Duration.ofSeconds(10)));
        SearchResult r = small.search(SearchQuery.literal("NEEDLE"));
        assertEquals(List.of("small.txt:1"), where(r));
        assertTrue(r.note().contains("skipped 1 file larger than 4 KiB"), r.note());
        assertFalse(r.truncated());
    }

    @Test
    void resultCapKeepsTheFirstMatchesInPathOrderAndCountsAll() {
        for (int i = 0; i < 50; i++) {
            Fixtures.write(root, String.format("many/f%02d.txt", i), "NEEDLE a\nno\nNEEDLE b\nNEEDLE c\n");
        }
        SearchResult all = fs.search(new SearchQuery("NEEDLE", false, false, "many/*", 0, 0));
        assertEquals(150, all.matches().size());
        for (int cap : new int[] {1, 10, 149}) {
            SearchResult r = fs.search(new SearchQuery("NEEDLE", false, false, "many/*", 0, cap));
            assertEquals(all.matches().subList(0, cap), r.matches(), "deterministic first " + cap);
            assertEquals(150, r.totalMatches());
            assertEquals(50, r.filesWithMatches());
            assertTrue(r.truncated());
            assertTrue(r.note().contains("showing " + cap + " of 150 matching lines"), r.note());
        }
        FileSearch limited = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(7, 1 << 20, 1 << 30, Duration.ofSeconds(10)));
        SearchResult r = limited.search(new SearchQuery("NEEDLE", false, false, "many/*", 0, 1000));
        assertEquals(7, r.matches().size(), "the limit caps the requested count");
        assertEquals(all.matches().subList(0, 7), r.matches());
    }

    @Test
    void bytesScannedCapStopsTheSearchWithANote() {
        for (int i = 0; i < 100; i++) {
            Fixtures.write(root, String.format("bulk/f%03d.txt", i), ("filler line\n".repeat(80)) + "NEEDLE\n");
        }
        FileSearch capped = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(200, 1 << 20, 20_000, Duration.ofSeconds(10)));
        SearchResult r = capped.search(new SearchQuery("NEEDLE", false, false, "bulk/*", 0, 0));
        assertTrue(r.truncated());
        assertTrue(r.note().contains("stopped after scanning"), r.note());
        assertTrue(r.filesScanned() < 100, "scanned " + r.filesScanned());
        assertTrue(r.totalMatches() < 100);
        assertEquals(r.totalMatches(), r.matches().size());
    }

    @Test
    void wallTimeCapStopsTheSearchWithANote() {
        for (int i = 0; i < 2000; i++) {
            Fixtures.write(root, String.format("wide/d%02d/f%04d.txt", i % 40, i), "some text NEEDLE\n".repeat(20));
        }
        FileSearch capped = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(200, 1 << 20, 1 << 30, Duration.ofMillis(1)));
        SearchResult r = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> capped.search(new SearchQuery("NEEDLE", true, false, null, 0, 0)));
        assertTrue(r.truncated());
        assertTrue(r.note().contains("stopped after 1 ms"), r.note());
        FindResult f = capped.find(null, FileOrder.PATH, 0);
        assertTrue(f.truncated());
        assertTrue(f.note().contains("stopped after 1 ms"), f.note());
    }

    @Test
    void pathologicalRegexOnAHugeLineReturnsPromptly() {
        Fixtures.write(root, "evil.txt", "a".repeat(100_000) + "!\n" + "b".repeat(50_000) + "\n");
        SearchResult r = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> fs.search(new SearchQuery("(a+)+$", true, false, "evil.txt", 0, 0)));
        assertEquals(0, r.totalMatches());
        SearchResult r2 = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> fs.search(new SearchQuery("(a|aa)+!", true, false, "evil.txt", 1, 0)));
        assertEquals(1, r2.totalMatches());
        assertTrue(r2.matches().get(0).text().length() <= 302, "long line is cut to the width");
        assertTrue(r2.matches().get(0).text().startsWith("aaa"), "window starts at the match");
        assertTrue(r2.matches().get(0).after().get(0).endsWith("…"));
        Match tail = fs.search(new SearchQuery("a!$", true, false, "evil.txt", 0, 0))
                .matches()
                .get(0);
        assertTrue(tail.text().startsWith("…") && tail.text().endsWith("a!"), "window shows the match region");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(abc", "a{2,1}", "[z-a]", "\\", "(?<name", "a**", "x{1001}"})
    void invalidRegexIsRefusedWithAShortMessage(String bad) {
        FileSearchException e =
                assertThrows(FileSearchException.class, () -> fs.search(new SearchQuery(bad, true, false, null, 0, 0)));
        assertTrue(e.getMessage().startsWith("invalid regex: "), e.getMessage());
        assertTrue(e.getMessage().length() < 260);
    }

    @Test
    void emptyMultilineOrHugePatternsAreRefused() {
        assertThrows(FileSearchException.class, () -> fs.search(SearchQuery.literal("")));
        assertThrows(FileSearchException.class, () -> fs.search(SearchQuery.literal("a\nb")));
        assertThrows(FileSearchException.class, () -> fs.search(SearchQuery.literal("x".repeat(5000))));
        assertThrows(FileSearchException.class, () -> fs.search(new SearchQuery("x", false, false, "[bad", 0, 0)));
    }

    @Test
    void utf8CrlfAndLongLinesAreHandled() {
        Fixtures.write(root, "u.txt", "caf\u00e9 cr\u00e8me\r\nna\u00efve \u00c9T\u00c9 here\r\n");
        SearchResult r = fs.search(new SearchQuery("\u00e9t\u00e9", false, true, null, 0, 0));
        assertEquals(List.of("u.txt:2"), where(r));
        assertEquals("na\u00efve \u00c9T\u00c9 here", r.matches().get(0).text(), "CR stripped");
        assertEquals(List.of("u.txt:1"), where(fs.search(SearchQuery.literal("cr\u00e8me"))));
        Fixtures.write(root, "long.txt", "x".repeat(10_000) + "NEEDLE" + "y".repeat(10_000) + "\n");
        Match m = fs.search(new SearchQuery("NEEDLE", false, false, "long.txt", 0, 0))
                .matches()
                .get(0);
        assertTrue(m.text().contains("NEEDLE"));
        assertTrue(m.text().startsWith("…") && m.text().endsWith("…"));
        assertTrue(m.text().length() <= 302);
    }

    @Test
    void specialFilesAndOutwardSymlinksAreSkippedDuringSearch(@TempDir Path outside) throws IOException {
        Fixtures.write(outside, "secret.txt", "NEEDLE outside\n");
        Fixtures.symlink(root.resolve("out-file"), outside.resolve("secret.txt"));
        Fixtures.symlink(root.resolve("out-dir"), outside);
        Fixtures.symlink(root.resolve("in-file"), root.resolve("notes.txt"));
        Fixtures.mkfifo(root.resolve("pipe"));
        SearchResult r =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fs.search(SearchQuery.literal("TODO")));
        assertEquals(List.of("in-file:2", "notes.txt:2", "src/Main.java:4"), where(r));
        assertEquals(0, fs.search(SearchQuery.literal("outside")).totalMatches());
    }

    /**
     * Differential test of the streaming scanner against a naive line-by-line implementation, on files large enough
     * to cross buffer boundaries (256 KiB) and with lines longer than the buffer.
     */
    @Test
    void matchesAndContextAgreeWithANaiveScanAcrossBufferBoundaries() throws IOException {
        Random rnd = new Random(11);
        for (int f = 0; f < 6; f++) {
            StringBuilder sb = new StringBuilder();
            int lines = 3000 + rnd.nextInt(5000);
            for (int i = 0; i < lines; i++) {
                int kind = rnd.nextInt(2000);
                if (kind == 0) {
                    sb.append("x".repeat(300_000 + rnd.nextInt(100_000))); // longer than the initial buffer
                } else {
                    int len = rnd.nextInt(120);
                    for (int k = 0; k < len; k++) {
                        sb.append((char) ('a' + rnd.nextInt(6)));
                    }
                }
                if (rnd.nextInt(40) == 0) {
                    sb.insert(sb.length() - Math.min(3, sb.length() - sb.lastIndexOf("\n") - 1), "NeedLe");
                }
                sb.append(rnd.nextInt(10) == 0 ? "\r\n" : "\n");
            }
            if (f % 2 == 0) {
                sb.setLength(sb.length() - 1); // no trailing newline
            }
            Fixtures.write(root, "diff/f" + f + ".txt", sb.toString());
        }
        FileSearch big = new FileSearch(
                new Workspace(List.of(root)),
                new FileSearchLimits(100_000, 300, 5, 50L << 20, 1L << 32, Duration.ofSeconds(60), 400));
        for (int context : new int[] {0, 3}) {
            for (String pattern : new String[] {"NeedLe", "needle"}) {
                for (boolean regex : new boolean[] {false, true}) {
                    boolean ci = pattern.equals("needle");
                    String p = regex ? "Ne+d[a-z]e|nEEdle" : pattern;
                    SearchResult r = big.search(new SearchQuery(p, regex, regex || ci, "diff/*", context, 0));
                    List<Match> expected = naive(
                            root.resolve("diff"),
                            "diff/",
                            regex
                                    ? Pattern.compile(p, Pattern.CASE_INSENSITIVE)
                                    : Pattern.compile(Pattern.quote(pattern), ci ? Pattern.CASE_INSENSITIVE : 0),
                            context,
                            300);
                    assertEquals(expected.size(), r.totalMatches());
                    assertEquals(expected, r.matches(), "context=" + context + " pattern=" + p);
                }
            }
        }
    }

    private static List<Match> naive(Path dir, String prefix, Pattern p, int context, int width) throws IOException {
        List<Match> out = new ArrayList<>();
        Set<Path> files = new TreeSet<>();
        try (var s = Files.list(dir)) {
            s.forEach(files::add);
        }
        for (Path file : files) {
            String content = Files.readString(file);
            List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
            if (content.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            for (int i = 0; i < lines.size(); i++) {
                var m = p.matcher(lines.get(i));
                if (m.find()) {
                    List<String> before = new ArrayList<>();
                    for (int k = Math.max(0, i - context); k < i; k++) {
                        before.add(Text.cutEnd(lines.get(k), width, false));
                    }
                    List<String> after = new ArrayList<>();
                    for (int k = i + 1; k <= Math.min(lines.size() - 1, i + context); k++) {
                        after.add(Text.cutEnd(lines.get(k), width, false));
                    }
                    out.add(new Match(
                            prefix + file.getFileName(),
                            i + 1,
                            Text.around(lines.get(i), m.start(), width),
                            before,
                            after));
                }
            }
        }
        return out;
    }

    @Test
    void concurrentCallsAreIndependent() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        assertEquals(2, fs.search(SearchQuery.literal("TODO")).totalMatches());
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void noteIsNullWhenNothingHappenedAndResultsAreImmutable() {
        SearchResult r = fs.search(SearchQuery.literal("no-such-text-anywhere"));
        assertEquals(0, r.totalMatches());
        assertNull(r.note());
        assertNotNull(r.matches());
        assertThrows(UnsupportedOperationException.class, () -> r.matches().add(null));
    }
}
