package dev.taskagent.resilience;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The retries one task has made, over all its model calls, plain and streamed: a task's calls share
 * {@code task-agent.model.retry.max-retries-per-task}, so a task whose every call fails stops retrying early.
 */
public final class TaskRetries {

    private final AtomicInteger used = new AtomicInteger();

    /** Takes one retry if fewer than {@code max} were taken. */
    boolean tryTake(int max) {
        return used.getAndUpdate(n -> n < max ? n + 1 : n) < max;
    }

    public int used() {
        return used.get();
    }
}
