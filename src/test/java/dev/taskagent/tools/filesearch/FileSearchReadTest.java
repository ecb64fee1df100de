package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSearchReadTest {

    @TempDir
    Path root;

    FileSearch fs;

    @BeforeEach
    void tree() {
        Fixtures.write(
                root,
                "ten.txt",
                IntStream.rangeClosed(1, 10).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        Fixtures.write(root, "nonl.txt", "one\ntwo\nthree");
        Fixtures.write(root, "crlf.txt", "a\r\nb\r\n");
        Fixtures.write(root, "empty.txt", "");
        fs = new FileSearch(new Workspace(List.of(root)), FileSearchLimits.defaults());
    }

    @Test
    void readsARangeOfLinesOneBased() {
        FileSlice s = fs.read("ten.txt", 3, 4);
        assertEquals(List.of("line 3", "line 4", "line 5", "line 6"), s.lines());
        assertEquals(3, s.startLine());
        assertEquals(6, s.endLine());
        assertEquals(10, s.totalLines());
        assertEquals("ten.txt", s.path());
        assertTrue(s.truncated(), "more of the file remains");
        assertFalse(fs.read("ten.txt", 7, 4).truncated(), "range ends with the file");
    }

    @Test
    void rangePastTheEndIsShortOrEmpty() {
        FileSlice s = fs.read("ten.txt", 9, 5);
        assertEquals(List.of("line 9", "line 10"), s.lines());
        assertEquals(10, s.endLine());
        assertFalse(s.truncated());
        FileSlice none = fs.read("ten.txt", 50, 5);
        assertEquals(List.of(), none.lines());
        assertEquals(49, none.endLine());
        assertEquals(10, none.totalLines());
    }

    @Test
    void lastLineWithoutNewlineCrlfAndEmptyFiles() {
        assertEquals(List.of("one", "two", "three"), fs.read("nonl.txt", 1, 10).lines());
        assertEquals(3, fs.read("nonl.txt", 1, 10).totalLines());
        assertEquals(List.of("a", "b"), fs.read("crlf.txt", 1, 10).lines());
        FileSlice e = fs.read("empty.txt", 1, 10);
        assertEquals(List.of(), e.lines());
        assertEquals(0, e.totalLines());
    }

    @Test
    void lineCountIsCappedByMaxReadLines() {
        FileSearch capped = new FileSearch(
                new Workspace(List.of(root)),
                new FileSearchLimits(200, 300, 5, 1 << 20, 1 << 30, Duration.ofSeconds(10), 3));
        FileSlice s = capped.read("ten.txt", 2, 100);
        assertEquals(List.of("line 2", "line 3", "line 4"), s.lines());
        assertTrue(s.truncated());
        assertEquals(10, s.totalLines());
        FileSlice dflt = capped.read("ten.txt", 1, 0);
        assertEquals(3, dflt.lines().size());
        assertTrue(dflt.truncated());
        assertFalse(capped.read("ten.txt", 8, 0).truncated(), "nothing left out");
    }

    @Test
    void longLinesAreCut() {
        Fixtures.write(root, "wide.txt", "y".repeat(100_000) + "\nshort\n");
        FileSlice s = fs.read("wide.txt", 1, 2);
        assertEquals(301, s.lines().get(0).length());
        assertTrue(s.lines().get(0).endsWith("…"));
        assertEquals("short", s.lines().get(1));
    }

    @Test
    void filesLargerThanTheLimitAreReadButNotCounted() {
        Fixtures.write(root, "big.txt", "row\n".repeat(10_000));
        FileSearch small = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(200, 1000, 1 << 30, Duration.ofSeconds(10)));
        FileSlice s = small.read("big.txt", 5000, 2);
        assertEquals(List.of("row", "row"), s.lines());
        assertEquals(-1, s.totalLines());
        assertTrue(s.truncated());
    }

    @Test
    void refusesBinaryDirectoriesAndSpecialFiles() {
        Fixtures.writeBytes(root, "blob.bin", new byte[] {1, 2, 0, 3});
        assertTrue(assertThrows(FileSearchException.class, () -> fs.read("blob.bin", 1, 10))
                .getMessage()
                .startsWith("binary file"));
        Fixtures.write(root, "dir/x.txt", "x\n");
        assertTrue(assertThrows(FileSearchException.class, () -> fs.read("dir", 1, 10))
                .getMessage()
                .startsWith("is a directory"));
        if (Fixtures.mkfifo(root.resolve("pipe"))) {
            String m = assertTimeoutPreemptively(
                            Duration.ofSeconds(10),
                            () -> assertThrows(FileSearchException.class, () -> fs.read("pipe", 1, 10)))
                    .getMessage();
            assertEquals("not a regular file: pipe", m);
        }
        Fixtures.symlink(root.resolve("zero"), Path.of("/dev/zero"));
        assertEquals(
                Workspace.OUTSIDE,
                assertThrows(FileSearchException.class, () -> fs.read("zero", 1, 1))
                        .getMessage());
        assertTrue(Files.exists(root.resolve("ten.txt")));
    }

    @Test
    void missingFileSaysSo() {
        assertEquals(
                "no such file or directory: nope.txt",
                assertThrows(FileSearchException.class, () -> fs.read("nope.txt", 1, 1))
                        .getMessage());
    }
}
