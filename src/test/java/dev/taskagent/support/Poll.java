package dev.taskagent.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling for state that another thread changes: at most 15 s, every 20 ms. */
public final class Poll {

    private static final int ATTEMPTS = 750;

    private Poll() {}

    /** Polls {@code probe} until {@code done} holds and returns that value; fails after the bound. */
    public static <T> T until(Supplier<T> probe, Predicate<T> done, String what) {
        T last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("gave up waiting for " + what + "; last seen: " + last);
    }
}
