package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.agent.ToolStep;
import java.time.Instant;
import java.util.List;

/**
 * What happened to a task, in the order it happened; each kind has the name clients see as the SSE event type.
 * {@link Completed}, {@link Failed} and {@link Cancelled} are last: nothing follows them.
 */
public sealed interface TaskEvent {

    String type();

    record Created(Instant at) implements TaskEvent {
        public String type() {
            return "task.created";
        }
    }

    record InProgress(Instant at) implements TaskEvent {
        public String type() {
            return "task.in_progress";
        }
    }

    record StepStarted(int index, String tool, String arguments) implements TaskEvent {
        public String type() {
            return "step.started";
        }
    }

    record StepCompleted(int index, ToolStep step) implements TaskEvent {
        public String type() {
            return "step.completed";
        }
    }

    record OutputDelta(String text) implements TaskEvent {

        /** Longest text one delta grows to by joining pieces nobody has read yet. */
        static final int MAX_JOINED = 4096;

        public String type() {
            return "output.delta";
        }

        /** This delta and the next as one, when {@code next} is a delta too and the two stay short; else null. */
        static TaskEvent join(TaskEvent first, TaskEvent next) {
            return first instanceof OutputDelta a
                            && next instanceof OutputDelta b
                            && a.text().length() + b.text().length() <= MAX_JOINED
                    ? new OutputDelta(a.text() + b.text())
                    : null;
        }
    }

    /** The typed answer, valid against the task's output schema; sent just before {@link Completed}. */
    record OutputJson(JsonNode json) implements TaskEvent {
        public String type() {
            return "output.json";
        }
    }

    record Completed(CompletedTask task) implements TaskEvent {
        public String type() {
            return "task.completed";
        }
    }

    record Failed(TaskFailure failure, List<ToolStep> steps) implements TaskEvent {
        public String type() {
            return "task.failed";
        }
    }

    record Cancelled(List<ToolStep> steps) implements TaskEvent {
        public String type() {
            return "task.cancelled";
        }
    }
}
