package dev.taskagent.task;

/** How the client gets a task's result; it decides whether the model's answer is streamed as it is written. */
public enum Delivery {
    /** The request waits for the result (plain {@code POST /v1/tasks}); the model answers in one piece. */
    WAIT,
    /** The request streams the task's events; the model's text is streamed. */
    STREAM,
    /** The request returns at once (202); the result is read later; the model's text is streamed to the events. */
    BACKGROUND;

    boolean streamsModel() {
        return this != WAIT;
    }
}
