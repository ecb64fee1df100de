package dev.taskagent.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.api.Problems;
import dev.taskagent.config.ModelCatalog;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.events.EventLog;
import dev.taskagent.events.SseStream;
import dev.taskagent.http.OpenAiError;
import dev.taskagent.limits.TaskAdmission;
import dev.taskagent.security.Caller;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.Delivery;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
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
import java.util.ArrayList;
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

    private final TaskAdmission admission;
    private final ObjectMapper mapper;
    private final Problems problems;
    private final ChatRequests requests;
    private final String alias;
    private final ModelCatalog models;
    private final Duration heartbeat;

    public ChatCompletionsResource(
            TaskAdmission admission,
            ObjectMapper mapper,
            Problems problems,
            TaskAgentConfig config,
            ModelCatalog models) {
        this.admission = admission;
        this.mapper = mapper;
        this.problems = problems;
        this.alias = config.openai().modelId();
        this.models = models;
        this.requests = new ChatRequests(alias, models);
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
            description = "Runs a task, with the agent's own tools, on "
                    + "the given messages and answers as an OpenAI model would: a chat.completion, or with stream: true "
                    + "chat.completion.chunk events ending with data: [DONE]. 'model' is any id of GET /v1/models; "
                    + "'response_format' (json_schema or json_object) makes the answer JSON that matches the "
                    + "schema. Errors are OpenAI error objects with the HTTP status, also for a stream that "
                    + "fails before its first chunk.")
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
            description = "Unknown model, an unsupported response_format schema, client tools, tool messages, or no "
                    + "final user message",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OpenAiError.class)))
    @APIResponse(
            responseCode = "422",
            description = "The answer did not match the response_format schema, also after one repair",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OpenAiError.class)))
    public Response complete(ChatCompletionRequest request, @Context RoutingContext http) throws InterruptedException {
        boolean stream = request != null && Boolean.TRUE.equals(request.stream());
        TaskSpec spec = requests.toTask(request);
        // the model id the client asked for, echoed as OpenAI does (the alias stays the alias)
        String model = request.model();
        boolean typed = spec.outputSchema() != null;
        TaskHandle task = submit(spec, Caller.of(http), stream);
        if (stream) {
            awaitFirstChunk(task, typed);
            boolean usage = request.streamOptions() != null
                    && Boolean.TRUE.equals(request.streamOptions().includeUsage());
            Chunks chunks = new Chunks(task, model, typed, usage);
            return SseStream.response(out -> chunks.stream(new SseStream(out)))
                    .header("X-Task-Id", task.id())
                    .build();
        }
        CompletedTask done = task.await();
        ChatCompletion completion = new ChatCompletion(
                completionId(task),
                "chat.completion",
                created(task),
                model,
                List.of(new ChatCompletion.Choice(
                        0, new ChatCompletion.AssistantMessage("assistant", done.output()), "stop")),
                ChatCompletion.Usage.of(done.inputTokens(), done.outputTokens()));
        return Response.ok(completion).type(JSON).header("X-Task-Id", task.id()).build();
    }

    /** Submits the task; a schema the service does not support is blamed on {@code response_format}, where it came from. */
    private TaskHandle submit(TaskSpec spec, Caller caller, boolean stream) {
        try {
            return admission.submit(spec, caller, stream ? Delivery.STREAM : Delivery.WAIT);
        } catch (TaskFailure.InvalidTask invalid) {
            if (invalid.param().filter("output_schema"::equals).isPresent()) {
                throw new TaskFailure.InvalidTask(
                        invalid.getMessage().replace("'output_schema'", "'response_format.json_schema.schema'"),
                        "response_format");
            }
            throw invalid;
        }
    }

    /** The allowed models: the alias of the default one, then each model of the allowlist. */
    @GET
    @Path("models")
    @Operation(
            summary = "List the models",
            description = "Every model a completion (or a task) may run on: '" + "task-agent"
                    + "', which stands for the default model, then the allowlist, with display name, context window, "
                    + "prices per million tokens and what each model takes.")
    public ModelList models() {
        List<ModelList.Model> data = new ArrayList<>();
        data.add(describe(alias, models.defaultModel()));
        models.all().forEach(model -> data.add(describe(model.id(), model)));
        return new ModelList("list", data);
    }

    @GET
    @Path("models/{id: .+}")
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
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = OpenAiError.class)))
    public ModelList.Model model(@PathParam("id") String id) {
        if (id.equals(alias)) {
            return describe(alias, models.defaultModel());
        }
        return models.find(id)
                .map(model -> describe(id, model))
                .orElseThrow(() -> new TaskFailure.NotFound(
                        "model '" + id + "' does not exist; allowed models: " + alias + ", " + models.ids()));
    }

    private static ModelList.Model describe(String id, ModelCatalog.Model model) {
        int slash = model.id().indexOf('/');
        return new ModelList.Model(
                id,
                "model",
                0,
                slash > 0 ? model.id().substring(0, slash) : OWNER,
                model.displayName(),
                model.contextWindow(),
                new ModelList.Pricing(model.inputPricePerMillion(), model.outputPricePerMillion()),
                model.supportsImages(),
                model.supportsReasoningEffort());
    }

    /**
     * Waits until the task has something to stream (text, or for a typed answer its end): a task that fails before
     * that fails the request with its HTTP status, as OpenAI does, instead of a 200 stream carrying an error.
     */
    private void awaitFirstChunk(TaskHandle task, boolean typed) throws InterruptedException {
        long seen = 0;
        while (true) {
            EventLog.Batch<TaskEvent> batch = task.events().await(seen, heartbeat);
            for (EventLog.Sequenced<TaskEvent> event : batch.events()) {
                switch (event.event()) {
                    case TaskEvent.OutputDelta delta
                    when !typed -> {
                        return;
                    }
                    case TaskEvent.Completed completed -> {
                        return;
                    }
                    case TaskEvent.Failed failed -> throw failed.failure();
                    case TaskEvent.Cancelled cancelled -> throw new TaskFailure.Cancelled(task.id(), cancelled.steps());
                    default -> seen = event.sequence();
                }
            }
            if (batch.closed() && batch.events().isEmpty()) {
                return;
            }
        }
    }

    /** Streams one task as {@code chat.completion.chunk}s; a typed answer comes whole, once it has been checked. */
    private final class Chunks {
        private final TaskHandle task;
        private final String model;
        private final boolean typed;
        private final boolean includeUsage;

        Chunks(TaskHandle task, String model, boolean typed, boolean includeUsage) {
            this.task = task;
            this.model = model;
            this.typed = typed;
            this.includeUsage = includeUsage;
        }

        void stream(SseStream sse) throws IOException {
            chunk(sse, task, model, new ChatCompletion.Delta("assistant", ""), null, null);
            task.events().follow(0, heartbeat, new EventLog.Follower<>() {
                @Override
                public void event(EventLog.Sequenced<TaskEvent> event) throws IOException {
                    switch (event.event()) {
                        case TaskEvent.OutputDelta delta
                        when !typed ->
                            chunk(sse, task, model, new ChatCompletion.Delta(null, delta.text()), null, null);
                        case TaskEvent.Completed completed -> {
                            CompletedTask done = completed.task();
                            if (typed) {
                                chunk(sse, task, model, new ChatCompletion.Delta(null, done.output()), null, null);
                            }
                            chunk(sse, task, model, new ChatCompletion.Delta(null, null), "stop", null);
                            if (includeUsage) {
                                sse.data(mapper.writeValueAsString(new ChatCompletion.Chunk(
                                        completionId(task),
                                        "chat.completion.chunk",
                                        created(task),
                                        model,
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
    }

    private void chunk(
            SseStream sse,
            TaskHandle task,
            String model,
            ChatCompletion.Delta delta,
            String finishReason,
            ChatCompletion.Usage usage)
            throws IOException {
        sse.data(mapper.writeValueAsString(new ChatCompletion.Chunk(
                completionId(task),
                "chat.completion.chunk",
                created(task),
                model,
                List.of(new ChatCompletion.ChunkChoice(0, delta, finishReason)),
                usage)));
    }

    private void error(SseStream sse, TaskFailure failure) throws IOException {
        sse.data(mapper.writeValueAsString(OpenAiError.of(problems.of(failure, PATH))));
        sse.data("[DONE]");
    }

    private static String completionId(TaskHandle task) {
        return "chatcmpl-" + task.id().substring(task.id().indexOf('_') + 1);
    }

    private static long created(TaskHandle task) {
        return task.createdAt().getEpochSecond();
    }
}
