package dev.taskagent.agent;

/** Hears about tool calls while a task runs, e.g. to print them live. Called on the thread running the task. */
public interface StepListener {

    StepListener NONE = new StepListener() {
    };

    /** The model asked for a tool call, which is about to run. */
    default void started(String tool, String arguments) {
    }

    /** A tool call finished, with its result or error. */
    default void completed(ToolStep step) {
    }
}
