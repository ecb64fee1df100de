package dev.taskagent.limits;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many tasks each caller has running, capped at {@code task-agent.limits.concurrent-tasks}. Whoever starts a
 * task holds a {@link Slot} for exactly as long as it runs, queued, waited for, streamed or in the background:
 * {@link TaskAdmission} takes it before submitting and hands {@code slot::close} to {@code TaskService.submit}, which
 * runs it once when the task ends or is refused. (Not to be confused with the model gate's places for concurrent
 * model calls, {@code agent/ModelGate}.)
 */
@ApplicationScoped
public class TaskSlots {

    /** One running task of one caller; closing it frees the slot (closing twice is harmless). */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int perCaller;
    private final ConcurrentHashMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

    public TaskSlots(TaskAgentConfig config) {
        this.perCaller = config.limits().concurrentTasks();
    }

    /** Takes a slot, or throws {@link LimitExceeded} when the caller already runs as many tasks as allowed. */
    public Slot acquire(Caller caller) {
        AtomicInteger count = running.computeIfAbsent(caller.id(), id -> new AtomicInteger());
        if (count.incrementAndGet() > perCaller) {
            count.decrementAndGet();
            throw new LimitExceeded(
                    "too-many-tasks",
                    "this API key already has " + perCaller
                            + " tasks running (task-agent.limits.concurrent-tasks); retry when one has finished",
                    1);
        }
        AtomicInteger released = new AtomicInteger();
        return () -> {
            if (released.getAndIncrement() == 0) {
                count.decrementAndGet();
            }
        };
    }

    /** Tasks the caller is running now. */
    public int running(Caller caller) {
        AtomicInteger count = running.get(caller.id());
        return count == null ? 0 : count.get();
    }
}
