package dev.taskagent.scaleout;

import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import java.time.Instant;

/** How the API shows a task and its events, as JSON strings for the shared store (the API implements it). */
public interface TaskJson {

    /** The whole task now, as {@code GET /v1/tasks/{id}} answers. */
    String task(TaskHandle task);

    /** The data of one of the task's events, as its SSE stream carries it. */
    String event(TaskHandle task, TaskEvent event);

    /** A stored task's JSON ended by {@code failure} at {@code at}: failed (or cancelled), with its problem. */
    String ended(String json, TaskFailure failure, Instant at);
}
