package dev.taskagent.task;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.http.ContextCarrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Runs tasks, each on its own virtual thread: at most {@code max-running} at once, up to {@code max-queued} more
 * waiting their turn in arrival order, and a new task refused beyond that. A waiting task parks its virtual thread,
 * which holds no platform thread.
 * <p>
 * Every task ends, and gives its places back when it does: whatever its work throws (errors included) becomes its
 * failure, and a running task is stopped at {@code task-agent.tasks.deadline}. A task ended from outside (cancelled,
 * past its deadline) frees its places at once, even while its thread still unwinds.
 */
@ApplicationScoped
public class TaskQueue {

    private static final Logger LOG = Logger.getLogger(TaskQueue.class);

    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();
    private final int capacity;
    private final Duration retryAfter;
    private final Duration deadline;
    private final UnaryOperator<Runnable> carrier;

    @Inject
    public TaskQueue(TaskAgentConfig config) {
        this(
                config.tasks().maxRunning(),
                config.tasks().maxQueued(),
                config.tasks().retryAfter(),
                config.tasks().deadline(),
                ContextCarrier::carry);
    }

    /**
     * @param deadline how long a task may run; zero for no limit
     * @param carrier hands the creating request's trace context and request id to the task's thread
     */
    TaskQueue(int maxRunning, int maxQueued, Duration retryAfter, Duration deadline, UnaryOperator<Runnable> carrier) {
        this.running = new Semaphore(maxRunning, true);
        this.capacity = maxRunning + maxQueued;
        this.retryAfter = retryAfter;
        this.deadline = deadline;
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
     * Starts an admitted task: it waits for a running permit, then {@code work} runs it, in the trace context and with
     * the request id of the request that created it. {@code work} completes the task; whatever it throws fails it.
     */
    void start(TaskHandle task, Consumer<TaskHandle> work) {
        Place place = new Place();
        task.whenEnded(place::release);
        Thread thread =
                Thread.ofVirtual().name("virtual-" + task.id()).unstarted(carrier.apply(() -> run(task, work, place)));
        task.bind(thread);
        thread.start();
    }

    private void run(TaskHandle task, Consumer<TaskHandle> work, Place place) {
        try {
            try {
                running.acquire();
            } catch (InterruptedException cancelledWhileQueued) {
                task.fail(new TaskFailure.Cancelled(task.id(), task.steps()));
                return;
            }
            if (!place.run()) {
                running.release();
                return;
            }
            if (!task.start()) {
                task.fail(new TaskFailure.Cancelled(task.id(), task.steps()));
                return;
            }
            armDeadline(task);
            try {
                work.accept(task);
            } catch (TaskFailure failure) {
                task.fail(failure);
            } catch (Throwable unexpected) {
                task.fail(failureOf(task, unexpected));
            }
        } finally {
            if (!task.status().finished()) {
                task.fail(new TaskFailure.Internal("its run ended without a result"));
            }
            place.release();
        }
    }

    private void armDeadline(TaskHandle task) {
        if (deadline.isZero() || deadline.isNegative()) {
            return;
        }
        long nanos = deadline.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : deadline.toNanos();
        // a timer that fires for a task already ended does nothing
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(() -> task.expire(deadline));
    }

    private static TaskFailure failureOf(TaskHandle task, Throwable unexpected) {
        if (task.run().isCancelled()) {
            // the interrupt of a cancel (or deadline) surfaced in some other shape; the task has already ended so
            return new TaskFailure.Cancelled(task.id(), task.steps());
        }
        LOG.errorf(unexpected, "task %s failed unexpectedly", task.id());
        Throwable cause = unexpected.getCause();
        String what = unexpected.getClass().getSimpleName()
                + (cause == null || cause == unexpected
                        ? ""
                        : " caused by " + cause.getClass().getSimpleName());
        return new TaskFailure.Internal(what);
    }

    /**
     * A task's place in the queue and, once it runs, its running permit; both are given back exactly once, by whichever
     * comes first: the task's end or its thread's.
     */
    private final class Place {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int RELEASED = 2;

        private final AtomicInteger state = new AtomicInteger(WAITING);

        /** Holds the running permit just taken; false when the task had already ended (then the permit is not held). */
        boolean run() {
            return state.compareAndSet(WAITING, RUNNING);
        }

        void release() {
            int before = state.getAndSet(RELEASED);
            if (before == RELEASED) {
                return;
            }
            if (before == RUNNING) {
                running.release();
            }
            admitted.decrementAndGet();
        }
    }
}
