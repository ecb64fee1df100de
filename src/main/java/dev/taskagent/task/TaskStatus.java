package dev.taskagent.task;

import java.util.Locale;

/** Where a task is in its life: queued → in_progress → completed | failed | cancelled. */
public enum TaskStatus {
    QUEUED,
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The name clients see, e.g. {@code in_progress}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
