package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkspaceConfinementTest {

    @TempDir
    static Path tmp;

    static Path root;
    static Path elsewhere;
    static Path sibling;
    static boolean fifoCreated;
    static Workspace ws;
    static FileSearch fs;

    @BeforeAll
    static void fixture() {
        root = tmp.resolve("data");
        elsewhere = tmp.resolve("elsewhere");
        sibling = tmp.resolve("data2"); // shares the root's name as a prefix
        Fixtures.write(root, "a.txt", "alpha\n");
        Fixtures.write(root, "sub/b.txt", "beta\n");
        Fixtures.write(elsewhere, "secret.txt", "TOPSECRET\n");
        Fixtures.write(sibling, "secret.txt", "TOPSECRET sibling\n");
        Fixtures.symlink(root.resolve("link-file"), elsewhere.resolve("secret.txt"));
        Fixtures.symlink(root.resolve("link-dir"), elsewhere);
        Fixtures.symlink(root.resolve("link-sibling"), sibling);
        Fixtures.symlink(root.resolve("link-etc"), Path.of("/etc"));
        Fixtures.symlink(root.resolve("link-dev-zero"), Path.of("/dev/zero"));
        Fixtures.symlink(root.resolve("link-dangling-out"), Path.of("/nonexistent-dir-xyz/file"));
        Fixtures.symlink(root.resolve("link-rel-up"), Path.of("../elsewhere/secret.txt"));
        Fixtures.symlink(root.resolve("sub/link-up2"), Path.of("../../elsewhere"));
        Fixtures.symlink(root.resolve("link-loop"), Path.of("link-loop"));
        Fixtures.symlink(root.resolve("link-chain"), Path.of("link-dir/secret.txt"));
        Fixtures.symlink(root.resolve("link-inside"), Path.of("sub/b.txt"));
        fifoCreated = Fixtures.mkfifo(root.resolve("fifo"));
        ws = new Workspace(List.of(root));
        fs = new FileSearch(ws, FileSearchLimits.defaults());
    }

    static Stream<Arguments> traversalAttempts() {
        List<String> attempts = new ArrayList<>(List.of(
                "../elsewhere/secret.txt",
                "../../etc/passwd",
                "../../../../../../../../etc/passwd",
                "/etc/passwd",
                "/etc",
                "/",
                "//etc/passwd",
                "/dev/zero",
                "/proc/self/environ",
                "~/.bashrc",
                "~root/.ssh/id_rsa",
                "~",
                "a/../../x",
                "sub/../../elsewhere/secret.txt",
                "./../elsewhere",
                "sub/../..",
                "..",
                "%2e%2e/elsewhere/secret.txt",
                "..%2felsewhere%2fsecret.txt",
                "%2E%2E%2Felsewhere",
                "..%5celsewhere",
                "%2e%2e%5c%2e%2e%5cetc",
                "..%252f..%252fetc/passwd",
                "a.txt%00.png",
                "..\\elsewhere\\secret.txt",
                "sub\\..\\..\\x",
                "a.txt\0.png",
                "\0",
                "a\n/../../etc/passwd",
                "a/".repeat(2500),
                "link-file",
                "link-dir/secret.txt",
                "link-dir",
                "link-sibling/secret.txt",
                "link-sibling",
                "link-etc/passwd",
                "link-dev-zero",
                "link-dangling-out",
                "link-rel-up",
                "sub/link-up2/secret.txt",
                "link-loop",
                "link-chain",
                "....//....//etc/passwd",
                "file:///etc/passwd"));
        attempts.add(tmp.resolve("data2/secret.txt").toString()); // sibling sharing the root prefix, absolute
        attempts.add(tmp.resolve("data2").toString());
        attempts.add(tmp.toString()); // the root's parent
        attempts.add(root + "/../elsewhere/secret.txt"); // absolute with ..
        attempts.add(root + "/link-dir/secret.txt");
        attempts.add(elsewhere.resolve("secret.txt").toString());
        attempts.add("fifo"); // inside, but not a regular file
        return attempts.stream().map(a -> Arguments.of(a.length() > 60 ? a.substring(0, 60) + "…" : a, a));
    }

    @ParameterizedTest(name = "[{index}] refuses {0}")
    @MethodSource("traversalAttempts")
    void readRefusesTraversalAttempt(String label, String attempt) {
        if (attempt.equals("fifo") && !fifoCreated) {
            return; // mkfifo unavailable: nothing to test
        }
        FileSearchException e = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> assertThrows(FileSearchException.class, () -> fs.read(attempt, 1, 10)));
        assertFalse(e.getMessage().contains(tmp.toString()), "message leaks a real path: " + e.getMessage());
        assertFalse(e.getMessage().contains("TOPSECRET"));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void traversalTableHasAtLeastThirtyAttempts() {
        assertTrue(traversalAttempts().count() >= 30);
    }

    static Stream<Arguments> outsidePairs() {
        return Stream.of(
                Arguments.of("/etc/passwd", "/etc/does-not-exist-xyz"),
                Arguments.of("/etc", "/no-such-dir-xyz"),
                Arguments.of("../elsewhere/secret.txt", "../elsewhere/nope.txt"),
                Arguments.of("../elsewhere", "../nowhere"),
                Arguments.of("link-dir/secret.txt", "link-dir/nope.txt"),
                Arguments.of("link-file", "link-dangling-out"),
                Arguments.of("link-sibling/secret.txt", "link-sibling/nope.txt"),
                Arguments.of("sub/link-up2/secret.txt", "sub/link-up2/nope/deeper.txt"),
                Arguments.of(
                        tmp.resolve("elsewhere/secret.txt").toString(),
                        tmp.resolve("elsewhere/nope.txt").toString()),
                Arguments.of(
                        tmp.resolve("data2/secret.txt").toString(),
                        tmp.resolve("data3/secret.txt").toString()));
    }

    @ParameterizedTest(name = "same message for {0} and {1}")
    @MethodSource("outsidePairs")
    void outsideMessageIsIdenticalForExistingAndMissingPaths(String existing, String missing) {
        String a = assertThrows(FileSearchException.class, () -> ws.resolve(existing))
                .getMessage();
        String b = assertThrows(FileSearchException.class, () -> ws.resolve(missing))
                .getMessage();
        assertEquals(Workspace.OUTSIDE, a);
        assertEquals(a, b);
        String ra = assertThrows(FileSearchException.class, () -> fs.read(existing, 1, 5))
                .getMessage();
        String rb = assertThrows(FileSearchException.class, () -> fs.read(missing, 1, 5))
                .getMessage();
        assertEquals(ra, rb);
    }

    @Test
    void encodedAndSpecialPathsGetSpecificShortMessages() {
        assertEquals(
                "percent-encoded characters are not allowed in paths",
                assertThrows(FileSearchException.class, () -> ws.resolve("%2e%2e/x"))
                        .getMessage());
        assertEquals(
                "path contains a NUL character",
                assertThrows(FileSearchException.class, () -> ws.resolve("a\0b"))
                        .getMessage());
        assertTrue(assertThrows(FileSearchException.class, () -> ws.resolve("~/x"))
                .getMessage()
                .contains("~"));
        assertTrue(assertThrows(FileSearchException.class, () -> ws.resolve("x".repeat(5000)))
                .getMessage()
                .contains("too long"));
        assertTrue(assertThrows(FileSearchException.class, () -> ws.resolve("a\\b"))
                .getMessage()
                .contains("backslash"));
    }

    @Test
    void pathsInsideTheWorkspaceResolveToRealPaths() throws Exception {
        assertEquals(root.toRealPath().resolve("a.txt"), ws.resolve("a.txt").path());
        assertEquals(
                root.toRealPath().resolve("a.txt"), ws.resolve("./sub/../a.txt").path());
        assertEquals(
                root.toRealPath().resolve("a.txt"),
                ws.resolve(root.resolve("a.txt").toString()).path());
        assertEquals(root.toRealPath(), ws.resolve(".").path());
        assertEquals(root.toRealPath(), ws.resolve("").root());
        // a symlink that stays inside is fine and shows the real target
        assertEquals(
                root.toRealPath().resolve("sub/b.txt"),
                ws.resolve("link-inside").path());
        assertEquals("sub/b.txt", fs.read("link-inside", 1, 5).path());
        assertEquals(List.of("beta"), fs.read("link-inside", 1, 5).lines());
    }

    @Test
    void missingInsidePathSaysNoSuchFile() {
        String m = assertThrows(FileSearchException.class, () -> ws.resolve("sub/missing.txt"))
                .getMessage();
        assertEquals("no such file or directory: sub/missing.txt", m);
    }

    @Test
    void rootPrefixMatchesOnlyWholeComponents() {
        assertFalse(ws.contains(sibling.toAbsolutePath()));
        assertFalse(ws.contains(Path.of(root + "x", "file")));
        assertThrows(FileSearchException.class, () -> ws.display(sibling.resolve("secret.txt")));
    }

    @Test
    void displayIsRelativeToTheRoot() throws Exception {
        Path real = root.toRealPath();
        assertEquals("sub/b.txt", ws.display(real.resolve("sub/b.txt")));
        assertEquals(".", ws.display(real));
    }

    @Test
    void rootsMustBeExistingDirectories() {
        assertThrows(IllegalArgumentException.class, () -> new Workspace(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Workspace(List.of(tmp.resolve("missing"))));
        assertThrows(IllegalArgumentException.class, () -> new Workspace(List.of(root.resolve("a.txt"))));
    }

    @Test
    void walkingNeverFollowsSymlinksOutOfTheWorkspaceNorBlocksOnFifos() {
        SearchResult r = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> fs.search(new SearchQuery("TOPSECRET", false, false, null, 0, 0)));
        assertEquals(0, r.totalMatches(), String.valueOf(r.matches()));
        FindResult f = fs.find(null, FileOrder.PATH, 0);
        List<String> paths = f.files().stream().map(FileEntry::path).toList();
        assertTrue(paths.contains("a.txt"));
        assertTrue(paths.contains("link-inside"), "symlinked file inside the workspace is listed: " + paths);
        assertFalse(
                paths.stream()
                        .anyMatch(p -> p.startsWith("link-dir")
                                || p.startsWith("link-sibling")
                                || p.equals("link-file")
                                || p.equals("link-dev-zero")
                                || p.equals("fifo")),
                paths.toString());
    }

    @Test
    void multipleRootsAreLabelledAndResolvable(@TempDir Path other) throws Exception {
        Path alpha = other.resolve("alpha");
        Path beta = other.resolve("nested/alpha"); // same name: gets a unique label
        Fixtures.write(alpha, "x.txt", "needle in alpha\n");
        Fixtures.write(beta, "y.txt", "needle in second alpha\n");
        Workspace two = new Workspace(List.of(alpha, beta));
        assertEquals("alpha/x.txt", two.display(alpha.toRealPath().resolve("x.txt")));
        assertEquals("alpha-2/y.txt", two.display(beta.toRealPath().resolve("y.txt")));
        assertEquals(
                beta.toRealPath().resolve("y.txt"), two.resolve("alpha-2/y.txt").path());
        assertEquals(beta.toRealPath().resolve("y.txt"), two.resolve("y.txt").path()); // second root tried too
        assertEquals(alpha.toRealPath().resolve("x.txt"), two.resolve("x.txt").path());
        SearchResult r = new FileSearch(two, FileSearchLimits.defaults()).search(SearchQuery.literal("needle"));
        assertEquals(
                List.of("alpha-2/y.txt", "alpha/x.txt"),
                r.matches().stream().map(Match::path).toList());
        assertTrue(Files.isDirectory(two.resolve("alpha").path()));
    }
}
