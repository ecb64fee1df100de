package dev.taskagent.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.api.Problem;
import dev.taskagent.api.Problems;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.events.EventLog;
import dev.taskagent.events.SseStream;
import dev.taskagent.limits.TaskSlots;
import dev.taskagent.security.Caller;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.Delivery;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAI-compatible face of the service: any OpenAI client can talk to the agent as if it were a model. A chat
 * completion runs a task (with every enabled tool) on the given messages and answers with the agent's final answer;
 * the tool calls happen inside and are not shown as {@code tool_calls}. The task is also listed at
 * {@code /v1/tasks}; its id is in the {@code X-Task-Id} header.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "openai")
public class ChatCompletionsResource {

    /** As Quarkus answers JSON everywhere else. */
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    private static final String OWNER = "task-agent";
    private static final String PATH = "/v1/chat/completions";

    private final TaskService tasks;
    private final ObjectMapper mapper;
    private final Problems problems;
    private final ChatRequests requests;
    private final String modelId;
    private final Duration heartbeat;
    private final TaskSlots slots;

    public ChatCompletionsResource(
            TaskService tasks, ObjectMapper mapper, Problems problems, TaskAgentConfig config, TaskSlots slots) {
        this.tasks = tasks;
        this.slots = slots;
        this.mapper = mapper;
        this.problems = problems;
        this.modelId = config.openai().modelId();
        this.requests = new ChatRequests(modelId);
        this.heartbeat = config.events().heartbeat();
    }

    /**
     * A {@code chat.completion}, or with {@code "stream": true} a {@code text/event-stream} of
     * {@code chat.completion.chunk}s ending with {@code data: [DONE]}.
     */
    @POST
    @Path("chat/completions")
    @RunOnVirtualThread
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(
            summary = "Chat completion by the agent",
            description =
                    "Runs a task, with the agent's own tools, on "
                            + "the given messages and answers as an OpenAI model would: a chat.completion, or with stream: true "
                            + "chat.completion.chunk events ending with data: [DONE]. Errors before streaming are problem documents.")
    @APIResponse(
            responseCode = "200",
            description = "The completion, or its chunks",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ChatCompletion.class)),
                @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "400",
            description = "Client tools, tool messages, or no final user message",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response complete(ChatCompletionRequest request, @Context RoutingContext http) throws InterruptedException {
        boolean stream = request != null && Boolean.TRUE.equals(request.stream());
        TaskSpec spec = requests.toTask(request);
        Caller caller = Caller.of(http);
        TaskSlots.Slot slot = slots.acquire(caller);
        TaskHandle task = tasks.submit(spec, caller.id(), stream ? Delivery.STREAM : Delivery.WAIT, slot::close);
        if (stream) {
            boolean usage = request.streamOptions() != null
                    && Boolean.TRUE.equals(request.streamOptions().includeUsage());
            return SseStream.response(out -> stream(task, usage, new SseStream(out)))
                    .header("X-Task-Id", task.id())
                    .build();
        }
        CompletedTask done = task.await();
        ChatCompletion completion = new ChatCompletion(
                completionId(task),
                "chat.completion",
                created(task),
                modelId,
                List.of(new ChatCompletion.Choice(
                        0, new ChatCompletion.AssistantMessage("assistant", done.output()), "stop")),
                ChatCompletion.Usage.of(done.inputTokens(), done.outputTokens()));
        return Response.ok(completion).type(JSON).header("X-Task-Id", task.id()).build();
    }

    /** The one model: the agent. */
    @GET
    @Path("models")
    @Operation(summary = "List the models", description = "The one model this service is: the agent.")
    public ModelList models() {
        return new ModelList("list", List.of(model()));
    }

    @GET
    @Path("models/{id}")
    @Operation(summary = "Get a model")
    @APIResponse(
            responseCode = "200",
            description = "The model",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ModelList.Model.class)))
    @APIResponse(
            responseCode = "404",
            description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ModelList.Model model(@PathParam("id") String id) {
        if (!id.equals(modelId)) {
            throw new TaskFailure.NotFound("model '" + id + "' does not exist; this service offers '" + modelId + "'");
        }
        return model();
    }

    private ModelList.Model model() {
        return new ModelList.Model(modelId, "model", 0, OWNER);
    }

    private void stream(TaskHandle task, boolean includeUsage, SseStream sse) throws IOException {
        chunk(sse, task, new ChatCompletion.Delta("assistant", ""), null, null);
        task.events().follow(0, heartbeat, new EventLog.Follower<>() {
            @Override
            public void event(EventLog.Sequenced<TaskEvent> event) throws IOException {
                switch (event.event()) {
                    case TaskEvent.OutputDelta delta ->
                        chunk(sse, task, new ChatCompletion.Delta(null, delta.text()), null, null);
                    case TaskEvent.Completed completed -> {
                        chunk(sse, task, new ChatCompletion.Delta(null, null), "stop", null);
                        if (includeUsage) {
                            CompletedTask done = completed.task();
                            sse.data(mapper.writeValueAsString(new ChatCompletion.Chunk(
                                    completionId(task),
                                    "chat.completion.chunk",
                                    created(task),
                                    modelId,
                                    List.of(),
                                    ChatCompletion.Usage.of(done.inputTokens(), done.outputTokens()))));
                        }
                        sse.data("[DONE]");
                    }
                    case TaskEvent.Failed failed -> error(sse, failed.failure());
                    case TaskEvent.Cancelled cancelled ->
                        error(sse, new TaskFailure.Cancelled(task.id(), cancelled.steps()));
                    default -> {
                        // steps run inside the agent; an OpenAI client has no place for them
                    }
                }
            }

            @Override
            public void idle() throws IOException {
                sse.comment("keep-alive");
            }
        });
    }

    private void chunk(
            SseStream sse, TaskHandle task, ChatCompletion.Delta delta, String finishReason, ChatCompletion.Usage usage)
            throws IOException {
        sse.data(mapper.writeValueAsString(new ChatCompletion.Chunk(
                completionId(task),
                "chat.completion.chunk",
                created(task),
                modelId,
                List.of(new ChatCompletion.ChunkChoice(0, delta, finishReason)),
                usage)));
    }

    private void error(SseStream sse, TaskFailure failure) throws IOException {
        Problem problem = problems.of(failure, PATH);
        sse.data(mapper.writeValueAsString(new ChatCompletion.StreamError(
                new ChatCompletion.StreamError.Error(problem.detail(), problem.type(), problem.code()))));
        sse.data("[DONE]");
    }

    private static String completionId(TaskHandle task) {
        return "chatcmpl-" + task.id().substring(task.id().indexOf('_') + 1);
    }

    private static long created(TaskHandle task) {
        return task.createdAt().getEpochSecond();
    }
}
