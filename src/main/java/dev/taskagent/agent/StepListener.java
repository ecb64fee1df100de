package dev.taskagent.agent;

/**
 * Hears what a task does while it runs, e.g. to print it live or to stream it as events: each tool call as it starts
 * and ends, and the model's text as it is written. Tool calls are reported on the thread running the task, one after
 * the other; {@link #outputDelta} may come from an I/O thread and must not block.
 */
public interface StepListener {

    StepListener NONE = new StepListener() {};

    /** The model asked for a tool call, which is about to run. */
    default void started(String tool, String arguments) {}

    /** A tool call finished, with its result or error. */
    default void completed(ToolStep step) {}

    /** The model wrote this much more text. */
    default void outputDelta(String text) {}
}
