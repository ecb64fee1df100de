package dev.taskagent.tools.filesearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds opens that a FIFO would block. Opening a FIFO for reading waits for a writer, and Java has no non-blocking
 * open. {@link Dir} opens only entries it has just seen to be regular files or directories, but a FIFO can be renamed
 * into place between that check and the open. Every open is registered here; one daemon thread looks at opens pending
 * longer than {@link #STALL_NANOS} and asks the directory to release them ({@link Dir#releaseFifo}), which gives the
 * stuck reader the writer it waits for, so the open returns and the caller's post-open check refuses the FIFO.
 */
final class OpenWatchdog {

    /** A local open of a regular file or directory never takes this long; a stuck FIFO open is released after it. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    /** One open in progress (identity matters: two opens of the same name are two entries). */
    private static final class Pending {
        final Dir dir;
        final Path name;
        final long since;

        Pending(Dir dir, Path name, long since) {
            this.dir = dir;
            this.name = name;
            this.since = since;
        }
    }

    private static final Set<Pending> PENDING = ConcurrentHashMap.newKeySet();
    private static volatile Thread watcher;

    private OpenWatchdog() {}

    /** Runs {@code open} (an open of {@code name} in {@code dir}) registered with the watchdog. */
    static <T> T guard(Dir dir, Path name, IoCall<T> open) throws IOException {
        Pending p = new Pending(dir, name, System.nanoTime());
        PENDING.add(p);
        ensureStarted();
        try {
            return open.call();
        } finally {
            PENDING.remove(p);
        }
    }

    private static void ensureStarted() {
        if (watcher == null) {
            synchronized (OpenWatchdog.class) {
                if (watcher == null) {
                    Thread t = new Thread(OpenWatchdog::watch, "filesearch-open-watchdog");
                    t.setDaemon(true);
                    t.start();
                    watcher = t;
                }
            }
        }
    }

    private static void watch() {
        while (true) {
            LockSupport.parkNanos(STALL_NANOS / 2);
            long now = System.nanoTime();
            for (Pending p : PENDING) {
                if (now - p.since > STALL_NANOS) {
                    p.dir.releaseFifo(p.name);
                }
            }
        }
    }
}
