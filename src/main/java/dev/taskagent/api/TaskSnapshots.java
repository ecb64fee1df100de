package dev.taskagent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.http.TraceStep;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.Delivery;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What clients see of a task at a moment: its state, then its result or problem (for {@code GET /v1/tasks/{id}}, lists,
 * and the answers of create and cancel), and the data of each of its events.
 */
@ApplicationScoped
public class TaskSnapshots {

    /** Data of {@code step.started}. */
    @RegisterForReflection
    public record StepStarted(int index, String tool, JsonNode arguments) {}

    /** Data of {@code step.completed}: the step as it appears in the task's {@code steps}, with its index. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepCompleted(
            int index,
            String type,
            String tool,
            JsonNode arguments,
            String result,
            String error,
            @JsonProperty("duration_ms") long durationMs) {}

    /** Data of {@code output.delta}. */
    @RegisterForReflection
    public record OutputDelta(String text) {}

    private final TaskViews views;
    private final Problems problems;

    TaskSnapshots(TaskViews views, Problems problems) {
        this.views = views;
        this.problems = problems;
    }

    /** The whole task: state, answer or problem, steps so far; what {@code GET /v1/tasks/{id}} answers. */
    public TaskResponse of(TaskHandle task) {
        TaskStatus status = task.status();
        CompletedTask result = task.result();
        TaskFailure failure = task.failure();
        TaskResponse.Builder response = about(task, status.apiName());
        if (result != null) {
            views.result(response, result);
        } else {
            response.steps(views.steps(task.steps())).sources(views.sources(task.sources()));
        }
        if (failure != null) {
            response.error(problems.of(failure, path(task)));
        }
        return response.finishedAt(task.finishedAt()).build();
    }

    /**
     * The task as it was accepted, for the {@code 202} of a background task: queued, no steps yet. Always so, though
     * its thread may have started by the time the answer is written; {@code Location} follows it from there.
     */
    TaskResponse accepted(TaskHandle task) {
        return about(task, "queued").steps(List.of()).sources(List.of()).build();
    }

    /** The task without its steps, sources and answer, for lists. */
    TaskResponse summary(TaskHandle task) {
        return about(task, task.status().apiName())
                .finishedAt(task.finishedAt())
                .build();
    }

    /** What the service knows of the task whatever its state: who asked what, how, when. */
    private static TaskResponse.Builder about(TaskHandle task, String status) {
        return TaskResponse.builder(task.id(), status)
                .input(task.input())
                .background(task.delivery() == Delivery.BACKGROUND)
                .session(task.session())
                .createdAt(task.createdAt());
    }

    /** The data of an event; the last events carry the whole task as it ended. */
    Object data(TaskHandle task, TaskEvent event) {
        return switch (event) {
            case TaskEvent.Created created ->
                about(task, "queued").createdAt(created.at()).build();
            case TaskEvent.InProgress started ->
                TaskResponse.builder(task.id(), "in_progress").build();
            case TaskEvent.StepStarted step ->
                new StepStarted(step.index(), step.tool(), views.arguments(step.arguments()));
            case TaskEvent.StepCompleted done -> {
                TraceStep step = views.step(done.step());
                yield new StepCompleted(
                        done.index(),
                        step.type(),
                        step.tool(),
                        step.arguments(),
                        step.result(),
                        step.error(),
                        step.durationMs());
            }
            case TaskEvent.OutputDelta delta -> new OutputDelta(delta.text());
            case TaskEvent.OutputJson typed -> typed.json();
            case TaskEvent.Completed completed -> of(task);
            case TaskEvent.Failed failed -> of(task);
            case TaskEvent.Cancelled cancelled -> of(task);
        };
    }

    static String path(TaskHandle task) {
        return "/v1/tasks/" + task.id();
    }
}
