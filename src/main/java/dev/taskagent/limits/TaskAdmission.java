package dev.taskagent.limits;

import dev.taskagent.security.Caller;
import dev.taskagent.task.Delivery;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How a caller's task gets in, the same for every entry point (the task API, the OpenAI-compatible API, the MCP
 * server): the caller's task slot is taken ({@link LimitExceeded} when it runs as many as allowed), then the task is
 * submitted holding it. The slot is freed when the task ends, or at once when the task is refused.
 */
@ApplicationScoped
public class TaskAdmission {

    private final TaskSlots slots;
    private final TaskService tasks;

    public TaskAdmission(TaskSlots slots, TaskService tasks) {
        this.slots = slots;
        this.tasks = tasks;
    }

    /**
     * Admits a background task for the shared queue ({@code task-agent.store=redis}): the caller's slot is taken, the
     * task checked, and {@code enqueue} hands it to the queue; the replica that ends the task frees the slot, or it is
     * freed at once when the task is refused.
     */
    public void enqueue(TaskSpec spec, Caller caller, Runnable enqueue) {
        TaskSlots.Slot slot = slots.acquire(caller);
        try {
            tasks.check(spec, Delivery.BACKGROUND);
            enqueue.run();
        } catch (RuntimeException refused) {
            slot.close();
            throw refused;
        }
    }

    /** Admits the task for {@code caller}; it runs on its own from here, delivered as {@code delivery}. */
    public TaskHandle submit(TaskSpec spec, Caller caller, Delivery delivery) {
        TaskSlots.Slot slot = slots.acquire(caller);
        return tasks.submit(spec, caller.id(), delivery, slot::close);
    }
}
