package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races a symlink swap against the file tools: a directory inside the workspace is replaced, again and again, by a
 * symlink to a directory outside it that holds the same file names with secret contents. Whatever the timing, no call
 * may return a byte from outside.
 */
class WorkspaceRaceTest {

    private static final Duration RACE = Duration.ofSeconds(4);
    private static final String SECRET = "SECRET-OUTSIDE";

    @TempDir
    Path tmp;

    @Test
    void givenADirectorySwappedWithAnOutsideSymlinkWhenToolsRunThenNothingFromOutsideIsReturned() throws Exception {
        // given
        Path root = tmp.resolve("ws");
        Path outside = tmp.resolve("outside");
        Fixtures.write(root, "d/x.txt", "inside line\n");
        Fixtures.write(root, "d/deeper/y.txt", "inside deeper line\n");
        Fixtures.write(outside, "x.txt", SECRET + " line\n");
        Fixtures.write(outside, "deeper/y.txt", SECRET + " deeper line\n");
        Fixtures.write(outside, "only-outside.txt", SECRET + " line\n");
        Path dir = root.resolve("d");
        Path parked = root.resolve("parked");
        Path link = root.resolve("link");
        Fixtures.symlink(link, outside);
        FileSearch fs = new FileSearch(
                new Workspace(List.of(root)), Fixtures.limits(200, 1 << 20, 1 << 30, Duration.ofSeconds(5)));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        Queue<String> leaks = new ConcurrentLinkedQueue<>();
        Queue<Throwable> crashes = new ConcurrentLinkedQueue<>();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    move(dir, parked);
                    move(link, dir);
                    move(dir, link);
                    move(parked, dir);
                    swaps.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                crashes.add(e);
            }
        });

        // when
        swapper.start();
        List<Thread> callers = List.of(
                caller(stop, calls, crashes, () -> {
                    check(leaks, "read", fs.read("d/x.txt", 1, 10).lines());
                    check(leaks, "read", fs.read("d/deeper/y.txt", 1, 10).lines());
                }),
                caller(
                        stop,
                        calls,
                        crashes,
                        () -> fs.search(SearchQuery.literal("line"))
                                .matches()
                                .forEach(m -> check(leaks, "search " + m.path(), List.of(m.text())))),
                caller(
                        stop,
                        calls,
                        crashes,
                        () -> fs.find(null, FileOrder.PATH, 0).files().stream()
                                .filter(f -> f.path().contains("only-outside"))
                                .forEach(f -> leaks.add("find listed " + f.path()))));
        Thread.sleep(RACE.toMillis());
        stop.set(true);
        swapper.join();
        for (Thread t : callers) {
            t.join();
        }

        // then
        assertTrue(crashes.isEmpty(), "unexpected failure: " + crashes);
        assertTrue(swaps.get() > 100, "the swapper made too few swaps to race anything: " + swaps);
        assertTrue(
                leaks.isEmpty(),
                leaks.size() + " results held outside bytes in " + calls + " calls during " + swaps + " swaps "
                        + leaks.stream().collect(Collectors.groupingBy(l -> l.split("[ :]")[0], Collectors.counting()))
                        + ": " + leaks.stream().limit(5).toList());
    }

    private static Thread caller(
            AtomicBoolean stop, AtomicLong calls, Queue<Throwable> crashes, ThrowingRunnable call) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    call.run();
                } catch (FileSearchException e) {
                    // the path vanished or changed mid-call: a refusal is fine, a leak is not
                } catch (RuntimeException | Error e) {
                    crashes.add(e);
                    return;
                }
                calls.incrementAndGet();
            }
        });
        t.start();
        return t;
    }

    private static void check(Queue<String> leaks, String what, List<String> texts) {
        texts.stream().filter(s -> s.contains(SECRET)).forEach(s -> leaks.add(what + ": " + s));
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run();
    }
}
