package dev.taskagent.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
    @Tag(name = "tasks")
    @Operation(summary = "Run a task", description = "Gives the task to the model with the chosen tools, runs the "
            + "tool calls it asks for, and answers once it has its answer: the output, every step that ran, the pages "
            + "read and the tokens used. Every error is a problem document (application/problem+json) with a "
            + "machine-readable code and the request id; 429 and 503 come with Retry-After.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateTaskRequest.class),
            examples = @ExampleObject(name = "calculator", value = ApiDocumentation.TASK_REQUEST)))
    @APIResponse(responseCode = "200", description = "The task completed", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskResponse.class),
            examples = @ExampleObject(name = "completed", value = ApiDocumentation.TASK_RESPONSE)))
    @APIResponse(responseCode = "400", description = "Invalid request", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid-request", value = ApiDocumentation.INVALID)))
    @APIResponse(responseCode = "401", description = "No valid API key", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unauthorized", value = ApiDocumentation.UNAUTHORIZED)))
    @APIResponse(responseCode = "402", description = "The model endpoint wants payment (its own code)", content =
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "insufficient_funds", value = ApiDocumentation.PAYMENT)))
    @APIResponse(responseCode = "413", description = "Request body over task-agent.limits.max-body-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "body-too-large", value = ApiDocumentation.TOO_LARGE)))
    @APIResponse(responseCode = "422", description = "The model wanted more tool calls than max_tool_calls",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "tool-budget-exhausted", value = ApiDocumentation.BUDGET)))
    @APIResponse(responseCode = "429", description = "Over this key's rate or concurrent tasks, or the model "
            + "endpoint's rate limit; see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate-limited", value = ApiDocumentation.RATE_LIMITED)))
    @APIResponse(responseCode = "502", description = "The model endpoint failed", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "upstream-error", value = ApiDocumentation.UPSTREAM)))
    @APIResponse(responseCode = "503", description = "No model token, or model calls paused by the circuit "
            + "breaker (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "upstream-unavailable", value = ApiDocumentation.UNAVAILABLE)))
    @APIResponse(responseCode = "504", description = "The model endpoint did not answer in time", content =
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "upstream-timeout", value = ApiDocumentation.TIMEOUT)))
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
