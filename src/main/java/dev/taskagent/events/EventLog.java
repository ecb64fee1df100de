package dev.taskagent.events;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BinaryOperator;

/**
 * The events of one thing that happens over time, numbered 1, 2, 3… in the order they were appended, kept until the
 * log itself is dropped so that a reader can start over from any number (SSE {@code Last-Event-ID}). Readers wait
 * for new events without holding a platform thread; writers never block.
 */
public final class EventLog<E> {

    /** An event and its number. */
    public record Sequenced<E>(long sequence, E event) {}

    /** Events after the number asked for (maybe none when the wait timed out), and whether more can still come. */
    public record Batch<E>(List<Sequenced<E>> events, boolean closed) {}

    /** Receives the events of {@link #follow}; both methods may write to a client and so may fail with I/O errors. */
    public interface Follower<E> {

        void event(Sequenced<E> event) throws IOException;

        /** Nothing happened for a heartbeat interval. */
        void idle() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Sequenced<E>> events = new ArrayList<>();
    private boolean closed;
    /** Highest number any reader has been handed: events above it may still change. */
    private long handedOut;

    /** Appends an event and returns its number; ignored once the log is closed. */
    public long append(E event) {
        return add(event, false);
    }

    /**
     * Appends an event, or folds it into the last one when no reader has been handed that yet and {@code merge}
     * joins the two (it returns null when they cannot be joined). A writer much faster than its readers — a model
     * streaming an answer token by token into a task nobody follows — then fills a few large events instead of
     * millions of small ones, while a reader keeping up still sees each piece as it comes. Returns the number of the
     * event that holds it.
     */
    public long appendOrMerge(E event, BinaryOperator<E> merge) {
        lock.lock();
        try {
            if (!closed && !events.isEmpty()) {
                Sequenced<E> last = events.getLast();
                E merged = last.sequence() > handedOut ? merge.apply(last.event(), event) : null;
                if (merged != null) {
                    events.set(events.size() - 1, new Sequenced<>(last.sequence(), merged));
                    changed.signalAll();
                    return last.sequence();
                }
            }
            return add(event, false);
        } finally {
            lock.unlock();
        }
    }

    /** Appends the last event; later appends are ignored. */
    public long appendLast(E event) {
        return add(event, true);
    }

    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Events numbered above {@code after}, now. */
    public Batch<E> after(long after) {
        lock.lock();
        try {
            return handOut(after);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Events numbered above {@code after}, waiting up to {@code max} for the first of them; an empty batch means the
     * wait timed out (or the log is closed with nothing after {@code after}).
     */
    public Batch<E> await(long after, Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (tail(after).isEmpty() && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return handOut(after);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands every event numbered above {@code after} to {@code follower} as it is appended, and {@link Follower#idle()}
     * after each {@code heartbeat} without one, until the log is closed and all its events are handed over. Parks the
     * calling thread while it waits, so it belongs on a virtual thread.
     */
    public void follow(long after, Duration heartbeat, Follower<E> follower) throws IOException {
        long last = after;
        try {
            while (true) {
                Batch<E> batch = await(last, heartbeat);
                if (batch.events().isEmpty() && !batch.closed()) {
                    follower.idle();
                }
                for (Sequenced<E> event : batch.events()) {
                    follower.event(event);
                    last = event.sequence();
                }
                if (batch.closed()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped following the events");
        }
    }

    private long add(E event, boolean last) {
        lock.lock();
        try {
            if (closed) {
                return events.size();
            }
            long sequence = events.size() + 1;
            events.add(new Sequenced<>(sequence, event));
            closed = last;
            changed.signalAll();
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    private Batch<E> handOut(long after) {
        handedOut = Math.max(handedOut, events.size());
        return new Batch<>(List.copyOf(tail(after)), closed);
    }

    private List<Sequenced<E>> tail(long after) {
        int from = (int) Math.max(0, Math.min(after, events.size()));
        return events.subList(from, events.size());
    }
}
