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
        public String type() {
            return "output.delta";
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
