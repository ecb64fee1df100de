package dev.taskagent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.MutableClock;
import dev.taskagent.support.Poll;
import io.quarkus.arc.ArcUndeclaredThrowableException;
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
        TaskQueue queue = new TaskQueue(1, 1, Duration.ofSeconds(7), Duration.ZERO, work -> work);
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
        TaskQueue queue = new TaskQueue(1, 1, Duration.ofSeconds(5), Duration.ZERO, work -> work);
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

    @Test
    void endsATaskWhoseWorkThrowsAnErrorAndGivesItsPlacesBack() throws Exception {
        // given
        TaskQueue queue = new TaskQueue(1, 0, Duration.ofSeconds(5), Duration.ZERO, work -> work);
        TaskHandle task = task();

        // when: the work dies of an error no one expects
        queue.admit();
        queue.start(task, t -> {
            throw new OutOfMemoryError("Java heap space");
        });

        // then: the task has ended with a clear failure, and the one place is free for the next task
        assertTrue(task.awaitEnd(Duration.ofSeconds(10)), "the task never ended");
        assertEquals(TaskStatus.FAILED, task.status());
        TaskFailure.Internal failure = assertInstanceOf(TaskFailure.Internal.class, task.failure());
        assertEquals("the task failed unexpectedly (OutOfMemoryError); the error is logged", failure.getMessage());
        assertNextTaskRuns(queue);
    }

    @Test
    void endsATaskWhoseWorkThrowsAnUndeclaredCheckedException() throws Exception {
        // given: what SmallRye's fault tolerance lets escape when an interrupt lands as a model call starts
        TaskQueue queue = new TaskQueue(1, 0, Duration.ofSeconds(5), Duration.ZERO, work -> work);
        TaskHandle task = task();

        // when
        queue.admit();
        queue.start(task, t -> {
            throw new ArcUndeclaredThrowableException(new InterruptedException());
        });

        // then
        assertTrue(task.awaitEnd(Duration.ofSeconds(10)), "the task never ended");
        assertEquals(
                "the task failed unexpectedly (ArcUndeclaredThrowableException caused by InterruptedException); "
                        + "the error is logged",
                task.failure().getMessage());
        assertNextTaskRuns(queue);
    }

    @Test
    void cancelEndsARunningTaskEvenWhenItsWorkIgnoresInterrupts() throws Exception {
        // given: work that waits without heeding interrupts
        TaskQueue queue = new TaskQueue(1, 0, Duration.ofSeconds(5), Duration.ZERO, work -> work);
        CountDownLatch release = new CountDownLatch(1);
        TaskHandle task = startIgnoringInterrupts(queue, release);
        Poll.until(task::status, TaskStatus.IN_PROGRESS::equals, "the task to run");

        // when
        task.cancel();

        // then: cancelled, though its work still waits; its places are free already
        assertTrue(task.awaitEnd(Duration.ofSeconds(10)), "the cancelled task never ended");
        assertEquals(TaskStatus.CANCELLED, task.status());
        assertThrows(TaskFailure.Cancelled.class, task::await);
        assertEquals(0, queue.inFlight());
        task.cancel();
        assertEquals(TaskStatus.CANCELLED, task.status(), "a repeated cancel changes nothing");
        release.countDown();
        assertNextTaskRuns(queue);
        assertEquals(TaskStatus.CANCELLED, task.status(), "the work's late result is dropped");
    }

    @Test
    void aCancelledTaskEndsCancelledEvenWhenItsWorkCompletesMeanwhile() throws Exception {
        TaskQueue queue = new TaskQueue(1, 0, Duration.ofSeconds(5), Duration.ZERO, work -> work);
        CountDownLatch cancelled = new CountDownLatch(1);
        TaskHandle task = startIgnoringInterrupts(queue, cancelled);
        Poll.until(task::status, TaskStatus.IN_PROGRESS::equals, "the task to run");

        task.cancel();
        cancelled.countDown();

        assertTrue(task.awaitEnd(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.CANCELLED, task.status());
    }

    @Test
    void cancelRacingTheTasksOwnEndHasOneWinner() throws Exception {
        TaskQueue queue = new TaskQueue(50, 1000, Duration.ofSeconds(5), Duration.ZERO, work -> work);
        for (int i = 0; i < 300; i++) {
            TaskHandle task = task();
            queue.admit();
            CountDownLatch started = new CountDownLatch(1);
            queue.start(task, t -> {
                started.countDown();
                t.complete(null);
            });
            await(started);
            task.cancel();
            assertTrue(task.awaitEnd(Duration.ofSeconds(10)), "task " + i + " never ended");
            TaskStatus end = task.status();
            assertTrue(end == TaskStatus.COMPLETED || end == TaskStatus.CANCELLED, "ended " + end);
            assertEquals(end == TaskStatus.CANCELLED, task.failure() instanceof TaskFailure.Cancelled);
            task.cancel();
            assertEquals(end, task.status(), "a repeated cancel answers the same");
        }
        Poll.until(queue::inFlight, n -> n == 0, "every place to be free");
    }

    @Test
    void stopsATaskAtItsDeadlineAndGivesItsPlacesBack() throws Exception {
        // given: a deadline, and work that would run far longer and heeds no interrupt
        TaskQueue queue = new TaskQueue(1, 0, Duration.ofSeconds(5), Duration.ofMillis(300), work -> work);
        CountDownLatch release = new CountDownLatch(1);
        TaskHandle task = startIgnoringInterrupts(queue, release);

        // when / then
        assertTrue(task.awaitEnd(Duration.ofSeconds(10)), "the task outlived its deadline");
        assertEquals(TaskStatus.FAILED, task.status());
        TaskFailure.DeadlineExceeded late = assertInstanceOf(TaskFailure.DeadlineExceeded.class, task.failure());
        assertEquals(task.id(), late.taskId());
        assertTrue(late.getMessage().contains("task-agent.tasks.deadline"), late.getMessage());
        assertEquals(0, queue.inFlight());
        release.countDown();
    }

    @Test
    void interruptsTheWorkOfATaskPastItsDeadline() throws Exception {
        TaskQueue queue = new TaskQueue(1, 0, Duration.ofSeconds(5), Duration.ofMillis(200), work -> work);
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskHandle task = task();
        queue.admit();
        queue.start(task, t -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });

        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the work was not interrupted");
        assertTrue(task.awaitEnd(Duration.ofSeconds(10)), "the task never ended");
        assertInstanceOf(TaskFailure.DeadlineExceeded.class, task.failure());
    }

    /** The queue has a free running slot: a new task runs and completes. */
    private void assertNextTaskRuns(TaskQueue queue) throws InterruptedException {
        TaskHandle next = task();
        queue.admit();
        queue.start(next, t -> t.complete(null));
        assertTrue(next.awaitEnd(Duration.ofSeconds(10)), "the next task did not run");
        assertEquals(TaskStatus.COMPLETED, next.status());
    }

    /** Starts a task whose work waits for {@code release}, heeding no interrupt, then completes. */
    private TaskHandle startIgnoringInterrupts(TaskQueue queue, CountDownLatch release) {
        TaskHandle task = task();
        queue.admit();
        queue.start(task, t -> {
            awaitUninterruptibly(release);
            t.complete(null);
        });
        return task;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
