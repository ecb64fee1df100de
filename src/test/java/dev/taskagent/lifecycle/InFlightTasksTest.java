package dev.taskagent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InFlightTasksTest {

    private final InFlightTasks tasks = new InFlightTasks(Optional.of(Duration.ofSeconds(5)));

    @Test
    void isIdleWhenNothingRuns() throws InterruptedException {
        assertEquals(0, tasks.running());
        assertTrue(tasks.awaitIdle(Duration.ZERO));
    }

    @Test
    void waitsForRunningTaskToFinish() throws Exception {
        InFlightTasks.Registration task = tasks.begin();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread finisher = Thread.ofVirtual().start(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.close();
        });

        waiting.countDown();
        boolean idle = tasks.awaitIdle(Duration.ofSeconds(30));

        assertTrue(idle);
        assertEquals(0, tasks.running());
        finisher.join();
    }

    @Test
    void givesUpAfterTheGracePeriod() throws InterruptedException {
        tasks.begin();

        assertFalse(tasks.awaitIdle(Duration.ofMillis(1)));
        assertEquals(1, tasks.running());
    }

    @Test
    void countsARegistrationClosedTwiceOnce() {
        InFlightTasks.Registration first = tasks.begin();
        tasks.begin();

        first.close();
        first.close();

        assertEquals(1, tasks.running());
    }
}
