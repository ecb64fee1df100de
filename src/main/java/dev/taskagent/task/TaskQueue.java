package dev.taskagent.task;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.observability.ContextCarrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs tasks, each on its own virtual thread: at most {@code max-running} at once, up to {@code max-queued} more
 * waiting their turn in arrival order, and a new task refused beyond that. A waiting task parks its virtual thread,
 * which holds no platform thread.
 */
@ApplicationScoped
public class TaskQueue {

    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();
    private final int capacity;
    private final Duration retryAfter;
    private final UnaryOperator<Runnable> carrier;

    @Inject
    public TaskQueue(TaskAgentConfig config) {
        this(
                config.tasks().maxRunning(),
                config.tasks().maxQueued(),
                config.tasks().retryAfter(),
                ContextCarrier::carry);
    }

    /** @param carrier hands the creating request's trace context and request id to the task's thread */
    TaskQueue(int maxRunning, int maxQueued, Duration retryAfter, UnaryOperator<Runnable> carrier) {
        this.running = new Semaphore(maxRunning, true);
        this.capacity = maxRunning + maxQueued;
        this.retryAfter = retryAfter;
        this.carrier = carrier;
    }

    /** Tasks queued or running now. */
    public int inFlight() {
        return admitted.get();
    }

    /** Takes a place for one more task, or refuses it when every place is taken. */
    void admit() {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            throw new TaskFailure.QueueFull(capacity, retryAfter);
        }
    }

    /** Gives back a place taken by {@link #admit()} for a task that was then not started. */
    void release() {
        admitted.decrementAndGet();
    }

    /**
     * Starts an admitted task: it waits for a running slot, then {@code work} runs it, in the trace context and with
     * the request id of the request that created it.
     */
    void start(TaskHandle task, Consumer<TaskHandle> work) {
        Thread thread = Thread.ofVirtual().name("virtual-" + task.id()).unstarted(carrier.apply(() -> run(task, work)));
        task.bind(thread);
        thread.start();
    }

    private void run(TaskHandle task, Consumer<TaskHandle> work) {
        try {
            try {
                running.acquire();
            } catch (InterruptedException cancelledWhileQueued) {
                task.fail(new TaskFailure.Cancelled(task.id(), task.steps()));
                return;
            }
            try {
                if (task.start()) {
                    work.accept(task);
                } else {
                    task.fail(new TaskFailure.Cancelled(task.id(), task.steps()));
                }
            } finally {
                running.release();
            }
        } finally {
            admitted.decrementAndGet();
        }
    }
}
