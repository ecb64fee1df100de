package dev.taskagent.task;

import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.OutputSchema;
import dev.taskagent.agent.StepListener;
import dev.taskagent.agent.ToolStep;
import dev.taskagent.events.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One task over its whole life: its state (queued, in progress, then completed, failed or cancelled), its result or
 * failure, and the log of everything that happened to it. The run's steps and streamed text arrive here as events.
 * Safe to use from any thread.
 */
public final class TaskHandle implements StepListener {

    /** How long a stopped task's work gets to unwind (and record the step it was in) before the task ends anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String id;
    private final String owner;
    private final Delivery delivery;
    private final String session;
    private final String input;
    private final Clock clock;
    private final Instant createdAt;
    private final AgentRun run;
    private final StepListener also;
    private final Runnable whenFinished;
    private final EventLog<TaskEvent> events = new EventLog<>();
    private final CompletableFuture<CompletedTask> outcome = new CompletableFuture<>();

    private TaskStatus status = TaskStatus.QUEUED;
    private Instant startedAt;
    private Instant finishedAt;
    private CompletedTask result;
    private TaskFailure failure;
    private Thread thread;
    private int stepsStarted;
    private int stepsCompleted;
    /** How the task is being stopped (cancel or deadline), once it is; null until then. */
    private Function<List<ToolStep>, TaskFailure.Stopped> stopping;

    /**
     * @param also hears the task's steps and text too, e.g. the command line printing them
     * @param createdAt when it was accepted, when that was earlier (another replica queued it); null for now
     * @param whenFinished runs once the task has ended, however it ended (frees the caller's task slot)
     */
    TaskHandle(
            String id,
            String owner,
            Delivery delivery,
            String session,
            String input,
            Clock clock,
            Instant createdAt,
            Set<String> toolSets,
            AgentRun.Limits limits,
            List<String> fetchAllowedDomains,
            String reasoningEffort,
            String model,
            OutputSchema outputSchema,
            StepListener also,
            Runnable whenFinished) {
        this.id = id;
        this.owner = owner;
        this.also = also == null ? StepListener.NONE : also;
        this.whenFinished = whenFinished == null ? () -> {} : whenFinished;
        this.delivery = delivery;
        this.session = session;
        this.input = input;
        this.clock = clock;
        this.createdAt = createdAt != null ? createdAt : clock.instant();
        this.run = new AgentRun(id, toolSets, limits, fetchAllowedDomains, reasoningEffort, model, outputSchema, this);
        events.append(new TaskEvent.Created(createdAt));
    }

    public String id() {
        return id;
    }

    /** Who created the task (the API key's caller id); only they see it. */
    public String owner() {
        return owner;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The session the task belongs to, or null. */
    public String session() {
        return session;
    }

    public String input() {
        return input;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public synchronized TaskStatus status() {
        return status;
    }

    public synchronized Instant startedAt() {
        return startedAt;
    }

    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    /** The result once completed, else null. */
    public synchronized CompletedTask result() {
        return result;
    }

    /** Why it failed or stopped, once failed or cancelled, else null. */
    public synchronized TaskFailure failure() {
        return failure;
    }

    /** Steps so far (all of them once finished). */
    public List<ToolStep> steps() {
        return run.steps();
    }

    public List<AgentRun.Source> sources() {
        return run.sources();
    }

    public EventLog<TaskEvent> events() {
        return events;
    }

    /** Waits for the task to finish; returns its result or throws its {@link TaskFailure}. */
    public CompletedTask await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw (TaskFailure) e.getCause();
        }
    }

    /** Waits at most {@code max} for the task to finish, however it ends; true when it has. */
    public boolean awaitEnd(Duration max) throws InterruptedException {
        try {
            outcome.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException endedBadly) {
            // failed or cancelled: ended all the same
        } catch (TimeoutException stillRunning) {
            return false;
        }
        return true;
    }

    /**
     * Cancels the task: a queued one never starts; a running one's model call and tool work are interrupted, and it
     * ends cancelled as soon as its thread has unwound, or after {@link #STOP_GRACE} regardless. Once a cancel is
     * accepted the task ends cancelled, even if its work finishes meanwhile. Does nothing to a task already ended or
     * stopping, so it is safe to repeat, and a race with the task's own end has one winner.
     */
    public void cancel() {
        stop(steps -> new TaskFailure.Cancelled(id, steps));
    }

    /** Runs {@code action} once the task has ended, however it ended; at once when it already has. */
    public void whenEnded(Runnable action) {
        outcome.whenComplete((result, failure) -> action.run());
    }

    /** The task ran past its deadline: it is stopped as for a cancel, and ends with {@code deadline-exceeded}. */
    void expire(Duration deadline) {
        stop(steps -> new TaskFailure.DeadlineExceeded(id, deadline, steps));
    }

    private void stop(Function<List<ToolStep>, TaskFailure.Stopped> why) {
        Thread running;
        synchronized (this) {
            if (status.finished() || stopping != null) {
                return;
            }
            stopping = why;
            run.cancel();
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
        // work stuck where an interrupt does not reach (a blocking open, a runaway loop) must not keep the task open
        CompletableFuture.delayedExecutor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::endStopped);
    }

    private synchronized void endStopped() {
        fail(stopping.apply(run.steps()));
    }

    AgentRun run() {
        return run;
    }

    /** The model the task asked for; null for the configured default. */
    public String model() {
        return run.model();
    }

    synchronized void bind(Thread runner) {
        this.thread = runner;
    }

    /** Marks the task in progress; false when it was cancelled while queued. */
    synchronized boolean start() {
        if (status != TaskStatus.QUEUED || run.isCancelled()) {
            return false;
        }
        status = TaskStatus.IN_PROGRESS;
        startedAt = clock.instant();
        events.append(new TaskEvent.InProgress(startedAt));
        return true;
    }

    synchronized void complete(CompletedTask completed) {
        if (stopping != null) {
            endStopped();
            return;
        }
        if (finish(TaskStatus.COMPLETED)) {
            result = completed;
            if (completed != null && completed.outputJson() != null) {
                events.append(new TaskEvent.OutputJson(completed.outputJson()));
            }
            events.appendLast(new TaskEvent.Completed(completed));
            outcome.complete(completed);
        }
    }

    synchronized void fail(TaskFailure failure) {
        // once stopped, the task ends the way it was stopped, whatever its unwinding work ran into
        TaskFailure why = stopping == null ? failure : stopping.apply(run.steps());
        if (finish(why instanceof TaskFailure.Cancelled ? TaskStatus.CANCELLED : TaskStatus.FAILED)) {
            this.failure = why;
            events.appendLast(
                    why instanceof TaskFailure.Cancelled
                            ? new TaskEvent.Cancelled(run.steps())
                            : new TaskEvent.Failed(why, run.steps()));
            outcome.completeExceptionally(why);
        }
    }

    private boolean finish(TaskStatus end) {
        if (status.finished()) {
            return false;
        }
        status = end;
        finishedAt = clock.instant();
        thread = null;
        whenFinished.run();
        return true;
    }

    // a task's tool calls run one after the other, so the n-th completed step is the n-th started one

    @Override
    public void started(String tool, String arguments) {
        int index;
        synchronized (this) {
            index = stepsStarted++;
        }
        events.append(new TaskEvent.StepStarted(index, tool, arguments));
        also.started(tool, arguments);
    }

    @Override
    public void completed(ToolStep step) {
        int index;
        synchronized (this) {
            index = stepsCompleted++;
        }
        events.append(new TaskEvent.StepCompleted(index, step));
        also.completed(step);
    }

    @Override
    public void outputDelta(String text) {
        events.appendOrMerge(new TaskEvent.OutputDelta(text), TaskEvent.OutputDelta::join);
        also.outputDelta(text);
    }
}
