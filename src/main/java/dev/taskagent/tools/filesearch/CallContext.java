package dev.taskagent.tools.filesearch;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** State shared by the threads of one find/search call: deadline, byte budget, stop flag and skip counters. */
final class CallContext {

    enum Stop {
        TIME,
        BYTES
    }

    final FileSearchLimits limits;
    final long deadlineNanos;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    final AtomicLong bytesReserved = new AtomicLong();
    final LongAdder binary = new LongAdder();
    final LongAdder tooLarge = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder hardLinked = new LongAdder();
    final LongAdder filesScanned = new LongAdder();

    CallContext(FileSearchLimits limits) {
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.maxWallTime().toNanos();
    }

    /** True once a limit was hit; checks the deadline as a side effect. */
    boolean shouldStop() {
        if (stop.get() != null) {
            return true;
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            stop(Stop.TIME);
            return true;
        }
        return false;
    }

    void stop(Stop why) {
        stop.compareAndSet(null, why);
    }

    Stop stopReason() {
        return stop.get();
    }

    /** Reserves {@code bytes} of the scan budget; false (and stops the call) when the budget is exhausted. */
    boolean reserveBytes(long bytes) {
        long after = bytesReserved.addAndGet(bytes);
        if (after > limits.maxBytesScanned()) {
            stop(Stop.BYTES);
            return false;
        }
        return true;
    }
}
