package dev.taskagent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.MutableClock;
import dev.taskagent.support.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskQueueTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    TaskHandle task() {
        return TestTasks.background(clock);
    }

    @Test
    void runsUpToTheLimitQueuesTheNextAndRefusesBeyond() throws Exception {
        // given
        TaskQueue queue = new TaskQueue(1, 1, Duration.ofSeconds(7), work -> work);
        CountDownLatch release = new CountDownLatch(1);
        startHeld(queue, release);
        TaskHandle waiting = task();

        // when
        queue.admit();
        queue.start(waiting, t -> t.complete(null));

        // then
        assertEquals(TaskStatus.QUEUED, waiting.status());
        TaskFailure.QueueFull full = assertThrows(TaskFailure.QueueFull.class, queue::admit);
        assertEquals(Duration.ofSeconds(7), full.retryAfter());
        release.countDown();
        assertTrue(waiting.awaitEnd(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.COMPLETED, waiting.status());
        Poll.until(queue::inFlight, n -> n == 0, "both places to be free");
    }

    @Test
    void cancelsAQueuedTaskWithoutRunningIt() throws Exception {
        TaskQueue queue = new TaskQueue(1, 1, Duration.ofSeconds(5), work -> work);
        CountDownLatch release = new CountDownLatch(1);
        startHeld(queue, release);
        TaskHandle waiting = task();
        queue.admit();
        queue.start(waiting, t -> {
            throw new AssertionError("a cancelled task must not run");
        });

        waiting.cancel();

        assertTrue(waiting.awaitEnd(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.CANCELLED, waiting.status());
        assertTrue(waiting.failure() instanceof TaskFailure.Cancelled);
        release.countDown();
    }

    /** Starts a task that takes the one running slot until {@code release} opens. */
    private void startHeld(TaskQueue queue, CountDownLatch release) {
        TaskHandle running = task();
        queue.admit();
        queue.start(running, t -> {
            await(release);
            t.complete(null);
        });
        Poll.until(running::status, TaskStatus.IN_PROGRESS::equals, "the first task to run");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
