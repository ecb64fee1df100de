package dev.taskagent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskagent.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    TaskHandle task() {
        return TestTasks.background(clock);
    }

    @Test
    void forgetsFinishedTasksAfterTheirRetentionAndBeyondTheLimit() {
        TaskRegistry registry = new TaskRegistry(Duration.ofMinutes(10), 2, clock);
        TaskHandle old = task();
        TaskHandle done = task();
        TaskHandle live = task();
        List.of(old, done, live).forEach(registry::add);
        old.fail(new TaskFailure.Internal());
        clock.advance(Duration.ofMinutes(6));
        done.complete(null);
        assertEquals(List.of(live, done, old), registry.recent("owner", 10, null));

        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(live, done), registry.recent("owner", 10, null), "the old one is past its retention");

        TaskHandle recent = task();
        TaskHandle another = task();
        List.of(recent, another).forEach(registry::add);
        recent.complete(null);
        another.complete(null);
        assertEquals(List.of(another, recent, live), registry.recent("owner", 10, null), "at most two finished ones");
        assertEquals(List.of(live), registry.recent("owner", 10, TaskStatus.QUEUED));
        assertEquals(List.of(another), registry.recent("owner", 1, null));
        assertEquals(List.of(), registry.recent("someone-else", 10, null), "only the owner's tasks");
        assertEquals(Optional.empty(), registry.find("someone-else", live.id()));
        assertEquals(Optional.of(live), registry.find("owner", live.id()));
    }
}
