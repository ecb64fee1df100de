package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSearchFindTest {

    @TempDir
    Path root;

    FileSearch fs;

    @BeforeEach
    void tree() throws IOException {
        Fixtures.write(root, "src/Main.java", "class Main {}\n");
        Fixtures.write(root, "src/util/Helper.java", "class Helper {}\n");
        Fixtures.write(root, "docs/guide.md", "# Guide\n");
        Fixtures.write(root, "docs/api/ref.md", "# Ref\n");
        Fixtures.write(root, "notes.txt", "notes\n");
        Fixtures.write(root, "a/b/c/deep.txt", "deep\n");
        long base = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        String[] order = {
            "notes.txt", "src/Main.java", "docs/guide.md", "a/b/c/deep.txt", "src/util/Helper.java", "docs/api/ref.md"
        };
        for (int i = 0; i < order.length; i++) {
            Files.setLastModifiedTime(root.resolve(order[i]), FileTime.fromMillis(base + i * 60_000L));
        }
        fs = new FileSearch(new Workspace(List.of(root)), FileSearchLimits.defaults());
    }

    private static List<String> paths(FindResult r) {
        return r.files().stream().map(FileEntry::path).toList();
    }

    @Test
    void globWithoutSlashMatchesNamesAtAnyDepth() {
        assertEquals(List.of("src/Main.java", "src/util/Helper.java"), paths(fs.find("*.java", FileOrder.PATH, 0)));
        assertEquals(List.of("a/b/c/deep.txt", "notes.txt"), paths(fs.find("*.txt", FileOrder.PATH, 0)));
    }

    @Test
    void globWithSlashMatchesTheRelativePath() {
        assertEquals(List.of("src/Main.java"), paths(fs.find("src/*.java", FileOrder.PATH, 0)));
        assertEquals(List.of("docs/guide.md"), paths(fs.find("docs/*.md", FileOrder.PATH, 0)));
        assertEquals(List.of("docs/api/ref.md", "docs/guide.md"), paths(fs.find("docs/**", FileOrder.PATH, 0)));
        assertEquals(List.of("src/Main.java", "src/util/Helper.java"), paths(fs.find("**/*.java", FileOrder.PATH, 0)));
        assertEquals(List.of("notes.txt"), paths(fs.find("/notes.txt", FileOrder.PATH, 0)));
    }

    @Test
    void newestFirstOrderWithSizeAndMtime() {
        FindResult r = fs.find(null, FileOrder.NEWEST_FIRST, 0);
        assertEquals(
                List.of(
                        "docs/api/ref.md",
                        "src/util/Helper.java",
                        "a/b/c/deep.txt",
                        "docs/guide.md",
                        "src/Main.java",
                        "notes.txt"),
                paths(r));
        FileEntry newest = r.files().get(0);
        assertEquals(6, newest.size());
        assertEquals(Instant.parse("2024-01-01T00:05:00Z"), newest.modified());
        assertEquals(6, r.totalMatched());
        assertFalse(r.truncated());
        assertNull(r.note());
    }

    @Test
    void capReturnsTheTopEntriesAndTheTotal() {
        FindResult r = fs.find(null, FileOrder.NEWEST_FIRST, 2);
        assertEquals(List.of("docs/api/ref.md", "src/util/Helper.java"), paths(r));
        assertEquals(6, r.totalMatched());
        assertTrue(r.truncated());
        assertTrue(r.note().contains("showing 2 of 6 files"), r.note());
        FindResult byPath = fs.find(null, FileOrder.PATH, 3);
        assertEquals(List.of("a/b/c/deep.txt", "docs/api/ref.md", "docs/guide.md"), paths(byPath));
        FileSearch limited = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(4, 1 << 20, 1 << 30, java.time.Duration.ofSeconds(10)));
        assertEquals(4, limited.find(null, FileOrder.PATH, 100).files().size());
    }

    @Test
    void globFindsFilesBelowDirectoriesWhoseNamesDoNotMatch() {
        // mixes files and directories in one directory so that the link-count shortcut must count subdirectories
        Fixtures.write(root, "mix/a.txt", "x\n");
        Fixtures.write(root, "mix/b/c/X.java", "x\n");
        Fixtures.write(root, "mix/m.txt", "x\n");
        Fixtures.write(root, "mix/z/Y.java", "x\n");
        Fixtures.write(root, "mix/zz.txt", "x\n");
        assertEquals(
                List.of("mix/b/c/X.java", "mix/z/Y.java", "src/Main.java", "src/util/Helper.java"),
                paths(fs.find("*.java", FileOrder.PATH, 0)));
        assertEquals(List.of("mix/b/c/X.java"), paths(fs.find("mix/b/**/*.java", FileOrder.PATH, 0)));
    }

    @Test
    void veryDeepTreesAreWalkedToADepthLimitWithoutFailing() throws IOException {
        Path deep = root.resolve("deep");
        StringBuilder rel = new StringBuilder("deep");
        for (int i = 0; i < Walker.MAX_DEPTH + 20; i++) {
            rel.append("/d");
            if (i == 10) {
                Fixtures.write(root, rel + "/shallow.txt", "x\n");
            }
        }
        Files.createDirectories(root.resolve(rel.toString()));
        Fixtures.write(root, rel + "/bottom.txt", "x\n");
        List<String> found = paths(fs.find("*.txt", FileOrder.PATH, 0));
        assertTrue(found.stream().anyMatch(p -> p.endsWith("shallow.txt")), found.toString());
        assertFalse(found.stream().anyMatch(p -> p.endsWith("bottom.txt")));
        assertTrue(Files.isDirectory(deep));
    }

    @Test
    void noMatchIsAnEmptyResult() {
        FindResult r = fs.find("*.rs", FileOrder.PATH, 0);
        assertEquals(List.of(), r.files());
        assertEquals(0, r.totalMatched());
        assertFalse(r.truncated());
    }

    @Test
    void invalidGlobIsRefused() {
        assertTrue(assertThrows(FileSearchException.class, () -> fs.find("src/[x", FileOrder.PATH, 0))
                .getMessage()
                .startsWith("invalid glob"));
    }
}
