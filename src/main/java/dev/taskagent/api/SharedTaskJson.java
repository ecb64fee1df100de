package dev.taskagent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.scaleout.TaskJson;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Tasks and their events as the API shows them, for the shared store: the same JSON every replica then serves. */
@ApplicationScoped
class SharedTaskJson implements TaskJson {

    private final TaskSnapshots views;
    private final Problems problems;
    private final ObjectMapper mapper;

    SharedTaskJson(TaskSnapshots views, Problems problems, ObjectMapper mapper) {
        this.views = views;
        this.problems = problems;
        this.mapper = mapper;
    }

    @Override
    public String task(TaskHandle task) {
        return write(views.of(task));
    }

    @Override
    public String event(TaskHandle task, TaskEvent event) {
        return write(views.data(task, event));
    }

    @Override
    public String ended(String json, TaskFailure failure, Instant at) {
        TaskResponse was = read(json);
        String path = "/v1/tasks/" + was.id();
        return write(new TaskResponse(
                was.id(),
                failure instanceof TaskFailure.Cancelled ? "cancelled" : "failed",
                null,
                null,
                was.steps() == null ? List.of() : was.steps(),
                was.sources() == null ? List.of() : was.sources(),
                null,
                null,
                null,
                was.input(),
                was.background(),
                was.session(),
                was.createdAt(),
                at,
                problems.of(failure, path)));
    }

    /** A background task as it waits in the shared queue, before any replica runs it (the answer of its 202). */
    TaskResponse queued(String id, String input, String session, Instant createdAt) {
        return new TaskResponse(
                id, "queued", null, null, List.of(), List.of(), null, null, null, input, true, session, createdAt, null,
                null);
    }

    /** The data of its {@code task.created} event, as {@link TaskSnapshots#data} gives it for a local task. */
    TaskResponse created(TaskResponse queued) {
        return new TaskResponse(
                queued.id(),
                "queued",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                queued.input(),
                true,
                queued.session(),
                queued.createdAt(),
                null,
                null);
    }

    /** The task without its steps, sources and answer, for lists. */
    TaskResponse summary(TaskResponse task) {
        return new TaskResponse(
                task.id(),
                task.status(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                task.input(),
                task.background(),
                task.session(),
                task.createdAt(),
                task.finishedAt(),
                null);
    }

    TaskResponse read(String json) {
        try {
            return mapper.readValue(json, TaskResponse.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
