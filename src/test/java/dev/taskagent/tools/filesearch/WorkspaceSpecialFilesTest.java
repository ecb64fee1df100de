package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hard links, FIFOs, sockets and devices: refused without blocking, whatever the timing. */
class WorkspaceSpecialFilesTest {

    /** Only a guard against a hang; no test here claims a speed. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path root;
    private Path secret;

    private FileSearch tools(boolean allowHardLinks) {
        return new FileSearch(new Workspace(List.of(root), allowHardLinks), FileSearchLimits.defaults());
    }

    private void tree() throws IOException {
        root = tmp.resolve("ws");
        Fixtures.write(root, "plain.txt", "plain needle\n");
        secret = Fixtures.write(tmp, "outside/secret.txt", "needle SECRET\n");
        Files.createLink(root.resolve("hard.txt"), secret);
        Files.createDirectories(root.resolve("sub/deeper")); // directories have several links: that is normal
        Fixtures.write(root, "sub/deeper/ok.txt", "deep needle\n");
    }

    @Test
    void givenAHardLinkToAnOutsideFileWhenReadOrSearchedThenItIsRefused() throws IOException {
        // given
        tree();
        FileSearch fs = tools(false);

        // when / then
        FileSearchException e = assertThrows(FileSearchException.class, () -> fs.read("hard.txt", 1, 10));
        assertTrue(e.getMessage().contains("2 hard links"), e.getMessage());
        assertTrue(e.getMessage().contains("allow-hard-links"), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"));
        SearchResult r = fs.search(SearchQuery.literal("needle"));
        assertEquals(
                List.of("plain.txt", "sub/deeper/ok.txt"),
                r.matches().stream().map(Match::path).toList());
        assertTrue(r.note().contains("skipped 1 file with several hard links"), r.note());
        assertEquals(List.of("deep needle"), fs.read("sub/deeper/ok.txt", 1, 10).lines());
    }

    @Test
    void givenHardLinksAllowedWhenReadOrSearchedThenTheLinkedFileIsServed() throws IOException {
        // given
        tree();
        FileSearch fs = tools(true);

        // when / then
        assertEquals(List.of("needle SECRET"), fs.read("hard.txt", 1, 10).lines());
        assertEquals(
                List.of("hard.txt", "plain.txt", "sub/deeper/ok.txt"),
                fs.search(SearchQuery.literal("needle")).matches().stream()
                        .map(Match::path)
                        .toList());
    }

    @Test
    void givenAFifoASocketAndADeviceLinkWhenToolsRunThenEachIsRefusedWithoutBlocking() throws Exception {
        // given
        root = tmp.resolve("ws");
        Fixtures.write(root, "plain.txt", "plain needle\n");
        assertTrue(Fixtures.mkfifo(root.resolve("fifo")), "mkfifo is needed for this test");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(root.resolve("socket")));
            Fixtures.symlink(root.resolve("null"), Path.of("/dev/null"));
            FileSearch fs = tools(false);

            assertTimeoutPreemptively(HANG_GUARD, () -> {
                // when / then
                assertEquals(
                        "not a regular file: fifo",
                        assertThrows(FileSearchException.class, () -> fs.read("fifo", 1, 10))
                                .getMessage());
                assertEquals(
                        "not a regular file: socket",
                        assertThrows(FileSearchException.class, () -> fs.read("socket", 1, 10))
                                .getMessage());
                assertEquals(
                        Workspace.OUTSIDE,
                        assertThrows(FileSearchException.class, () -> fs.read("null", 1, 10))
                                .getMessage());
                assertEquals(
                        List.of("plain.txt"),
                        fs.search(SearchQuery.literal("needle")).matches().stream()
                                .map(Match::path)
                                .toList());
                assertEquals(
                        List.of("plain.txt"),
                        fs.find(null, FileOrder.PATH, 0).files().stream()
                                .map(FileEntry::path)
                                .toList());
            });
        }
    }

    @Test
    void givenADeviceEntryWhenOpenedThroughAHandleThenItIsRefusedBeforeAnyOpen() throws Exception {
        // given: /dev holds real devices, which a workspace can contain only where someone could mknod
        try (Dir dev = Dir.openRoot(Path.of("/dev"))) {
            // when / then
            for (String device : List.of("null", "zero", "urandom")) {
                Dir.Refused r =
                        assertThrows(Dir.Refused.class, () -> dev.openFile(Path.of(device), null, true), device);
                assertEquals(Dir.Refusal.NOT_REGULAR, r.reason, device);
            }
        }
    }

    @Test
    void givenAReaderStuckOpeningAFifoWhenTheWatchdogSeesItThenTheOpenIsReleased() throws Exception {
        // given: an open that blocks the way a FIFO renamed in after the type check would
        root = tmp.resolve("ws");
        Files.createDirectories(root);
        assertTrue(Fixtures.mkfifo(root.resolve("fifo")), "mkfifo is needed for this test");
        try (Dir dir = Dir.openRoot(root)) {
            // when
            FileChannel ch = assertTimeoutPreemptively(
                    HANG_GUARD,
                    () -> OpenWatchdog.guard(
                            dir,
                            Path.of("fifo"),
                            () -> FileChannel.open(root.resolve("fifo"), StandardOpenOption.READ)));

            // then: released, at end of file, and not seekable (which Dir's post-open check refuses)
            try (ch) {
                assertEquals(-1, ch.read(java.nio.ByteBuffer.allocate(8)));
                assertThrows(IOException.class, ch::position);
            }
        }
    }

    @Test
    void givenAFifoSwappedInAndOutDuringCallsThenEveryCallEndsAndNoneServesTheFifo() throws Exception {
        // given
        root = tmp.resolve("ws");
        Fixtures.write(root, "d/file.txt", "regular needle\n");
        Path file = root.resolve("d/file.txt");
        Path fifo = root.resolve("d/fifo");
        Path parked = root.resolve("d/parked");
        assertTrue(Fixtures.mkfifo(fifo), "mkfifo is needed for this test");
        FileSearch fs = tools(false);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(file, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(fifo, file, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(file, fifo, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(parked, file, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        });

        // when
        swapper.start();
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                try {
                    List<String> lines = fs.read("d/file.txt", 1, 5).lines();
                    if (!lines.equals(List.of("regular needle"))) {
                        failures.add(new AssertionError("read returned " + lines));
                    }
                } catch (FileSearchException e) {
                    refused.incrementAndGet();
                }
                fs.search(SearchQuery.literal("needle")).matches().stream()
                        .filter(m -> !m.text().equals("regular needle"))
                        .forEach(m -> failures.add(new AssertionError("search returned " + m)));
                calls.addAndGet(2);
            }
        });
        stop.set(true);
        swapper.join();

        // then
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(swaps.get() > 100, "too few swaps to race anything: " + swaps);
        assertTrue(calls.get() > 10, "too few calls: " + calls + " (" + refused + " reads refused)");
    }
}
