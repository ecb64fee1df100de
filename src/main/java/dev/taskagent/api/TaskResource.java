package dev.taskagent.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import dev.taskagent.limits.TaskSlots;
import dev.taskagent.security.Caller;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/tasks}: run a plain-language task with the model and its tools. */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService tasks;
    private final TaskViews views;
    private final TaskSlots slots;

    public TaskResource(TaskService tasks, TaskViews views, TaskSlots slots) {
        this.tasks = tasks;
        this.views = views;
        this.slots = slots;
    }

    /** Runs on a virtual thread: a task mostly waits for the model, and a thousand may wait at once. */
    @POST
    @RunOnVirtualThread
    @CustomDeserialization(StrictReader.class)
    public TaskResponse create(CreateTaskRequest request, @Context RoutingContext http) {
        if (request == null) {
            throw new TaskFailure.InvalidTask("a JSON body with 'input' is required");
        }
        try (TaskSlots.Slot slot = slots.acquire(Caller.of(http))) {
            CompletedTask task = tasks.run(new TaskSpec(request.input(), request.tools(), request.maxToolCalls(),
                    request.fetch() == null ? null : request.fetch().allowedDomains()));
            return views.response(task);
        }
    }
}
