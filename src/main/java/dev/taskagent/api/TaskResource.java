package dev.taskagent.api;

import dev.taskagent.limits.TaskAdmission;
import dev.taskagent.scaleout.SharedTasks;
import dev.taskagent.security.Caller;
import dev.taskagent.task.Delivery;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskRegistry;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import dev.taskagent.task.TaskStatus;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/tasks}: run a plain-language task with the model and its tools — waiting for the answer, in the
 * background, or streaming its events — and follow, list and cancel tasks. Handlers run on virtual threads, so a
 * request waiting for its task holds no platform thread.
 */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tasks")
public class TaskResource {

    /** As Quarkus answers JSON everywhere else. */
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    private static final int MAX_LIST = 100;
    /** How long a cancel waits for the task to end; longer than the 2 s after which a stopped task ends regardless. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final TaskAdmission admission;
    private final TaskRegistry registry;
    private final TaskSnapshots views;
    private final TaskEventStream events;

    private final SharedTasks shared;
    private final SharedTaskJson sharedJson;

    public TaskResource(
            TaskAdmission admission,
            TaskRegistry registry,
            TaskSnapshots views,
            TaskEventStream events,
            SharedTasks shared,
            SharedTaskJson sharedJson) {
        this.admission = admission;
        this.registry = registry;
        this.views = views;
        this.events = events;
        this.shared = shared;
        this.sharedJson = sharedJson;
    }

    /**
     * Creates a task. Plain: 200 with the completed task. {@code "background": true}: 202 with the task as accepted (queued) and its
     * {@code Location}. {@code "stream": true}: 200 {@code text/event-stream} of the task's events until it ends.
     * Runs on a virtual thread: a task mostly waits for the model, and a thousand may wait at once. The caller's task
     * slot ({@code task-agent.limits.concurrent-tasks}) is held for as long as the task runs, whichever way it does.
     */
    @POST
    @RunOnVirtualThread
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @CustomDeserialization(StrictReader.class)
    @Operation(
            summary = "Run a task",
            description = "Gives the task to the model with the chosen tools, runs the "
                    + "tool calls it asks for, and answers once it has its answer: the output, every step that ran, the pages "
                    + "read and the tokens used (and their cost at the chosen model's prices). \"model\" picks one of "
                    + "GET /v1/models; \"output_schema\" (a JSON Schema) makes the answer JSON valid against it, in "
                    + "output_json. With \"background\": true it answers 202 at once (follow the Location); "
                    + "with \"stream\": true it streams the task's events as text/event-stream. Every error is a problem "
                    + "document (application/problem+json) with a machine-readable code and the request id; 429 and 503 come "
                    + "with Retry-After.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CreateTaskRequest.class),
                            examples = @ExampleObject(name = "calculator", value = ApiDocumentation.TASK_REQUEST)))
    @APIResponse(
            responseCode = "200",
            description = "The task completed; or, with stream, its events",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = TaskResponse.class),
                        examples = @ExampleObject(name = "completed", value = ApiDocumentation.TASK_RESPONSE)),
                @Content(
                        mediaType = MediaType.SERVER_SENT_EVENTS,
                        schema = @Schema(type = SchemaType.STRING),
                        examples = @ExampleObject(name = "events", value = ApiDocumentation.TASK_EVENTS))
            })
    @APIResponse(
            responseCode = "202",
            description = "With background: the task as accepted (queued); follow its Location",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskResponse.class)))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "402", ref = "PaymentRequired")
    @APIResponse(responseCode = "409", ref = "Cancelled")
    @APIResponse(responseCode = "413", ref = "BodyTooLarge")
    @APIResponse(responseCode = "422", ref = "TaskStopped")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "502", ref = "UpstreamError")
    @APIResponse(responseCode = "503", ref = "UpstreamUnavailable")
    @APIResponse(responseCode = "504", ref = "UpstreamTimeout")
    public Response create(CreateTaskRequest request, @Context RoutingContext http) throws InterruptedException {
        if (request == null) {
            throw new TaskFailure.InvalidTask("a JSON body with 'input' is required");
        }
        boolean stream = Boolean.TRUE.equals(request.stream());
        boolean background = Boolean.TRUE.equals(request.background());
        TaskSpec spec = new TaskSpec(
                request.input(),
                request.tools(),
                request.maxToolCalls(),
                request.maxToolUses(),
                request.fetch() == null ? null : request.fetch().allowedDomains(),
                request.images(),
                request.reasoning(),
                request.session(),
                null,
                null,
                request.model(),
                request.outputSchema());
        Caller caller = Caller.of(http);
        if (background && shared.enabled()) {
            return enqueue(spec, caller);
        }
        TaskHandle task = admission.submit(
                spec, caller, background ? Delivery.BACKGROUND : stream ? Delivery.STREAM : Delivery.WAIT);
        if (shared.enabled()) {
            shared.track(task);
        }
        // relative, so that it stays right behind a proxy that rewrites the host
        String location = TaskSnapshots.path(task);
        if (stream) {
            return events.response(task, 0)
                    .header(HttpHeaders.LOCATION, location)
                    .build();
        }
        if (background) {
            return Response.accepted(views.accepted(task))
                    .header(HttpHeaders.LOCATION, location)
                    .type(JSON)
                    .build();
        }
        task.await();
        return Response.ok(views.of(task)).type(JSON).build();
    }

    /**
     * A background task handed to the shared queue ({@code task-agent.store=redis}): whichever replica has room runs
     * it; the caller's slot is freed by the replica that ends it.
     */
    private Response enqueue(TaskSpec spec, Caller caller) {
        String id = TaskService.newId();
        TaskResponse accepted = sharedJson.queued(
                id,
                TaskService.preview(spec.input()),
                spec.session(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        admission.enqueue(
                spec,
                caller,
                () -> shared.enqueue(
                        id,
                        spec,
                        caller.id(),
                        accepted.createdAt(),
                        sharedJson.write(accepted),
                        sharedJson.write(sharedJson.created(accepted))));
        return Response.accepted(accepted)
                .header(HttpHeaders.LOCATION, "/v1/tasks/" + id)
                .type(JSON)
                .build();
    }

    /** Recent tasks, newest first, optionally only those in one state. */
    @GET
    @Operation(
            summary = "List recent tasks",
            description = "Newest first, without steps and answers; every task "
                    + "is listed, however it was created, until its retention ends.")
    @APIResponse(
            responseCode = "200",
            description = "The tasks",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskList.class)))
    public TaskList list(
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("status") String status,
            @Context RoutingContext http) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new TaskFailure.InvalidTask("'limit' must be between 1 and " + MAX_LIST);
        }
        if (shared.enabled()) {
            TaskStatus only = status(status);
            return new TaskList(
                    shared.recent(Caller.of(http).id(), limit, only == null ? null : only.apiName()).stream()
                            .map(json -> sharedJson.summary(sharedJson.read(json)))
                            .toList());
        }
        return new TaskList(registry.recent(Caller.of(http).id(), limit, status(status)).stream()
                .map(views::summary)
                .toList());
    }

    /** One task: its state, and its answer or problem once it has ended. */
    @GET
    @Path("{id}")
    @Operation(
            summary = "Get a task",
            description = "Its state; while it runs, the steps so far; once completed, "
                    + "its answer; once failed or cancelled, its problem as 'error'.")
    @APIResponse(
            responseCode = "200",
            description = "The task",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskResponse.class),
                            examples = @ExampleObject(name = "completed", value = ApiDocumentation.TASK_RESPONSE)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public TaskResponse get(@PathParam("id") String id, @Context RoutingContext http) {
        Optional<TaskHandle> here = findHere(id, http);
        if (here.isPresent()) {
            return views.of(here.get());
        }
        return sharedJson.read(findShared(id, http).orElseThrow(() -> notFound(id)));
    }

    /** Cancels the task (nothing happens to a finished one) and returns it; the record stays for its retention. */
    @DELETE
    @Path("{id}")
    @RunOnVirtualThread
    @Operation(
            summary = "Cancel a task",
            description = "Stops the task (a finished one is left as it is; repeating "
                    + "is safe) and answers with it as it ended. The record stays until its retention ends.")
    @APIResponse(
            responseCode = "200",
            description = "The task as it ended",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public TaskResponse delete(@PathParam("id") String id, @Context RoutingContext http) throws InterruptedException {
        return cancel(id, http);
    }

    /** Cancels the task (nothing happens to a finished one) and returns it as it ended. */
    @POST
    @Path("{id}/cancel")
    @RunOnVirtualThread
    @Operation(summary = "Cancel a task", description = "The same as DELETE /v1/tasks/{id}.")
    @APIResponse(
            responseCode = "200",
            description = "The task as it ended",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public TaskResponse cancel(@PathParam("id") String id, @Context RoutingContext http) throws InterruptedException {
        Optional<TaskHandle> here = findHere(id, http);
        if (here.isEmpty() && shared.enabled()) {
            return sharedJson.read(
                    shared.cancel(Caller.of(http).id(), id, CANCEL_WAIT).orElseThrow(() -> notFound(id)));
        }
        TaskHandle task = here.orElseThrow(() -> notFound(id));
        task.cancel();
        task.awaitEnd(CANCEL_WAIT);
        return views.of(task);
    }

    /**
     * The task's events as SSE, from the first (or after {@code Last-Event-ID}, to resume a broken stream) to the
     * task's last.
     */
    @GET
    @Path("{id}/events")
    @RunOnVirtualThread
    @Produces({MediaType.SERVER_SENT_EVENTS, MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Follow a task's events",
            description = "Server-Sent Events, each with its number as id and "
                    + "its type as event (task.created, task.in_progress, step.started, step.completed, output.delta, output.json, "
                    + "task.completed, task.failed, task.cancelled), until the task's last; ': keep-alive' comments while idle. "
                    + "Last-Event-ID resumes after that event.")
    @APIResponse(
            responseCode = "200",
            description = "The events",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(type = SchemaType.STRING),
                            examples = @ExampleObject(name = "events", value = ApiDocumentation.TASK_EVENTS)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response events(
            @PathParam("id") String id,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context RoutingContext http) {
        long after = after(lastEventId);
        Optional<TaskHandle> here = findHere(id, http);
        if (here.isPresent()) {
            return events.response(here.get(), after).build();
        }
        findShared(id, http).orElseThrow(() -> notFound(id));
        return events.shared(id, after).build();
    }

    /** The caller's task if it runs (or ran) in this process: another key's task is not found. */
    private Optional<TaskHandle> findHere(String id, RoutingContext http) {
        return registry.find(Caller.of(http).id(), id);
    }

    /** The caller's task as the shared store has it (task-agent.store=redis), wherever it runs. */
    private Optional<String> findShared(String id, RoutingContext http) {
        return shared.enabled() ? shared.find(Caller.of(http).id(), id) : Optional.empty();
    }

    private static TaskFailure.NotFound notFound(String id) {
        return new TaskFailure.NotFound(
                "no task '" + id + "': it never existed or was forgotten after its retention time");
    }

    private static long after(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            throw new TaskFailure.InvalidTask("'Last-Event-ID' must be an event number, not '" + lastEventId + "'");
        }
    }

    private static TaskStatus status(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        for (TaskStatus status : TaskStatus.values()) {
            if (status.apiName().equals(name)) {
                return status;
            }
        }
        throw new TaskFailure.InvalidTask("'status' must be one of queued, in_progress, completed, failed, cancelled");
    }
}
