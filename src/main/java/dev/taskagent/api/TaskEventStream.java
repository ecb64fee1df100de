package dev.taskagent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.events.EventLog;
import dev.taskagent.events.SseStream;
import dev.taskagent.scaleout.SharedTasks;
import dev.taskagent.store.RedisTaskStore;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskHandle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;

/**
 * Streams a task's events as SSE: each event with its number as {@code id} and its type as {@code event}, from the
 * one after {@code after}, until the task's last event; a comment line whenever nothing happened for a heartbeat
 * interval. The writing thread is the request's virtual thread, parked while it waits.
 */
@ApplicationScoped
class TaskEventStream {

    private final TaskSnapshots views;
    private final ObjectMapper mapper;
    private final Duration heartbeat;
    private final SharedTasks tasks;

    TaskEventStream(TaskSnapshots views, ObjectMapper mapper, TaskAgentConfig config, SharedTasks tasks) {
        this.views = views;
        this.tasks = tasks;
        this.mapper = mapper;
        this.heartbeat = config.events().heartbeat();
    }

    /** A 200 response streaming the task's events after number {@code after}. */
    Response.ResponseBuilder response(TaskHandle task, long after) {
        return SseStream.response(out -> follow(task, after, new SseStream(out)));
    }

    /** A 200 response streaming, from the shared store, the events of a task that runs on another replica. */
    Response.ResponseBuilder shared(String id, long after) {
        return SseStream.response(out -> {
            SseStream sse = new SseStream(out);
            tasks.follow(id, after, heartbeat, new SharedTasks.Follower() {
                @Override
                public void event(RedisTaskStore.Event event) throws IOException {
                    sse.event(event.sequence(), event.type(), event.data());
                }

                @Override
                public void idle() throws IOException {
                    sse.comment("keep-alive");
                }
            });
        });
    }

    private void follow(TaskHandle task, long after, SseStream sse) throws IOException {
        task.events().follow(after, heartbeat, new EventLog.Follower<>() {
            @Override
            public void event(EventLog.Sequenced<TaskEvent> event) throws IOException {
                sse.event(
                        event.sequence(),
                        event.event().type(),
                        mapper.writeValueAsString(views.data(task, event.event())));
            }

            @Override
            public void idle() throws IOException {
                sse.comment("keep-alive");
            }
        });
    }
}
