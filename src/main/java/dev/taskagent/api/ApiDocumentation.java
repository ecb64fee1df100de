package dev.taskagent.api;

import dev.taskagent.http.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API description served at {@code /q/openapi} (and browsable at {@code /q/swagger-ui}): the bearer-key scheme
 * every {@code /v1} endpoint needs, and the examples the endpoints quote, in the shape the service answers (model
 * replies from the mock in src/bench/mock-model). An {@link Application} only because that is where the OpenAPI
 * scanner reads the definition; it changes nothing about which resources are served.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "task-agent API",
                        version = "0.1.0",
                        description =
                                "Plain-language tasks run by Mistral Small 4 with typed tools (calculator, file search, "
                                        + "HTTP fetch), answered with a trace of every step. Errors are RFC 9457 problem documents."),
        components =
                @Components(
                        responses = {
                            @APIResponse(
                                    name = "InvalidRequest",
                                    description = "Invalid request",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "invalid-request",
                                                                    value = ApiDocumentation.INVALID))),
                            @APIResponse(
                                    name = "Unauthorized",
                                    description = "No valid API key",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "unauthorized",
                                                                    value = ApiDocumentation.UNAUTHORIZED))),
                            @APIResponse(
                                    name = "PaymentRequired",
                                    description = "The model endpoint wants payment (its own code)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "insufficient_funds",
                                                                    value = ApiDocumentation.PAYMENT))),
                            @APIResponse(
                                    name = "NotFound",
                                    description = "Nothing with that id for this API key, or past its retention",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "Cancelled",
                                    description = "The task was cancelled while the request waited",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "BodyTooLarge",
                                    description = "Request body over task-agent.limits.max-body-size",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "body-too-large",
                                                                    value = ApiDocumentation.TOO_LARGE))),
                            @APIResponse(
                                    name = "TaskStopped",
                                    description =
                                            "The task stopped: more tool calls than max_tool_calls, the same call repeated, or an "
                                                    + "answer that does not match output_schema (invalid-output)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "tool-budget-exhausted",
                                                                    value = ApiDocumentation.BUDGET))),
                            @APIResponse(
                                    name = "TooManyRequests",
                                    description = "Over this key's rate or concurrent tasks, the service's task "
                                            + "queue, or the model endpoint's rate limit; see Retry-After",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "rate-limited",
                                                                    value = ApiDocumentation.RATE_LIMITED))),
                            @APIResponse(
                                    name = "UpstreamError",
                                    description = "The model endpoint failed",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "upstream-error",
                                                                    value = ApiDocumentation.UPSTREAM))),
                            @APIResponse(
                                    name = "UpstreamUnavailable",
                                    description = "No model token, or model calls paused by the circuit "
                                            + "breaker (Retry-After)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "upstream-unavailable",
                                                                    value = ApiDocumentation.UNAVAILABLE))),
                            @APIResponse(
                                    name = "UpstreamTimeout",
                                    description =
                                            "The model endpoint did not answer in time (upstream-timeout), or the task ran past "
                                                    + "task-agent.tasks.deadline (deadline-exceeded)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "upstream-timeout",
                                                                    value = ApiDocumentation.TIMEOUT)))
                        }),
        security = @SecurityRequirement(name = ApiDocumentation.API_KEY),
        tags = {
            @Tag(name = "tasks", description = "Run a task, in the background or streamed, and follow it"),
            @Tag(name = "tools", description = "What tasks can use"),
            @Tag(name = "sessions", description = "Conversation memory across tasks"),
            @Tag(name = "openai", description = "The agent as an OpenAI-compatible model")
        })
@SecurityScheme(
        securitySchemeName = ApiDocumentation.API_KEY,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API key sent as 'Authorization: Bearer <key>'; the service stores only its SHA-256 hash")
public class ApiDocumentation extends Application {

    public static final String API_KEY = "apiKey";

    static final String TASK_REQUEST = """
            {"input": "What is 1234 times 5678?", "tools": ["calculator"], "max_tool_calls": 5}""";

    static final String TASK_RESPONSE = """
            {"id": "task_4f954a9ac4e7498a822bd956ebd2f459", "status": "completed",
             "output": "1234 × 5678 = 7006652",
             "steps": [{"type": "tool_call", "tool": "calculator", "arguments": {"expression": "1234*5678"},
                        "result": "{\\"expression\\":\\"1234*5678\\",\\"result\\":\\"7006652\\"}", "duration_ms": 2}],
             "sources": [], "usage": {"input_tokens": 880, "output_tokens": 37},
             "model": "mistralai/mistral-small-2603", "duration_ms": 57, "input": "What is 1234 times 5678?",
             "background": false, "created_at": "2026-11-26T11:25:58.299437113Z",
             "finished_at": "2026-11-26T11:25:58.357502232Z"}""";

    static final String TASK_EVENTS = """
            id: 1
            event: task.created
            data: {"id":"task_8aca844f941947f9a651ea806b6acb85","status":"queued",\
            "input":"What is 1234 times 5678?","background":false,"created_at":"2026-11-26T11:26:02.913514532Z"}

            id: 2
            event: task.in_progress
            data: {"id":"task_8aca844f941947f9a651ea806b6acb85","status":"in_progress"}

            id: 3
            event: step.started
            data: {"index":0,"tool":"calculator","arguments":{"expression":"1234*5678"}}

            id: 4
            event: step.completed
            data: {"index":0,"type":"tool_call","tool":"calculator","arguments":{"expression":"1234*5678"},\
            "result":"{\\"expression\\":\\"1234*5678\\",\\"result\\":\\"7006652\\"}","duration_ms":2}

            id: 5
            event: output.delta
            data: {"text":"1234 "}

            id: 6
            event: output.delta
            data: {"text":"× "}

            id: 7
            event: output.delta
            data: {"text":"5678 "}

            id: 8
            event: output.delta
            data: {"text":"= "}

            id: 9
            event: output.delta
            data: {"text":"7006652"}

            id: 10
            event: task.completed
            data: {"id":"task_8aca844f941947f9a651ea806b6acb85","status":"completed",\
            "output":"1234 × 5678 = 7006652", …}
            """;

    static final String INVALID = """
            {"type": "urn:task-agent:problem:invalid-request", "title": "Invalid request", "status": 400,
             "detail": "'input' is required and must not be empty", "instance": "/v1/tasks",
             "code": "invalid-request", "request_id": "req_b8b98d017785408c9dc537d48448a485"}""";

    static final String UNAUTHORIZED = """
            {"type": "urn:task-agent:problem:unauthorized", "title": "Unauthorized", "status": 401,
             "detail": "an API key is required: send it as 'Authorization: Bearer <key>'", "instance": "/v1/tasks",
             "code": "unauthorized", "request_id": "req_72bbd7640e12414c815f45eb8c40eb14"}""";

    static final String PAYMENT = """
            {"type": "urn:task-agent:problem:upstream-error", "title": "Model endpoint requires payment", "status": 402,
             "detail": "Not enough credit to run this model.", "instance": "/v1/tasks", "code": "insufficient_funds",
             "upstream_status": 402, "request_id": "req_0e1f2a3b4c5d4e6f8a9b0c1d2e3f4a5b"}""";

    static final String TOO_LARGE = """
            {"type": "urn:task-agent:problem:body-too-large", "title": "Request body too large", "status": 413,
             "detail": "the request body is larger than 262144 bytes (task-agent.limits.max-body-size)",
             "instance": "/v1/tasks", "code": "body-too-large", "request_id": "req_ad8980108bc84e9b87fff722065017cf"}""";

    static final String BUDGET = """
            {"type": "urn:task-agent:problem:tool-budget-exhausted", "title": "Tool-call budget exhausted",
             "status": 422, "detail": "the model wanted more than 1 tool calls (max_tool_calls); no answer was produced",
             "instance": "/v1/tasks", "code": "tool-budget-exhausted", "task_id": "task_3c4d5e6f7a8b4c9d0e1f2a3b4c5d6e7f",
             "steps": [{"type": "tool_call", "tool": "calculator", "arguments": {"expression": "1+1"},
                        "result": "{\\"expression\\":\\"1+1\\",\\"result\\":\\"2\\"}", "duration_ms": 1}],
             "request_id": "req_1a2b3c4d5e6f4a7b8c9d0e1f2a3b4c5d"}""";

    static final String RATE_LIMITED = """
            {"type": "urn:task-agent:problem:rate-limited", "title": "Too many requests", "status": 429,
             "detail": "this API key made more requests than task-agent.limits.requests-per-minute allows; retry after 1 s",
             "instance": "/v1/tasks", "code": "rate-limited", "request_id": "req_5f4e3d2c1b0a4f9e8d7c6b5a4f3e2d1c"}""";

    static final String UPSTREAM = """
            {"type": "urn:task-agent:problem:upstream-error", "title": "Model endpoint error", "status": 502,
             "detail": "The server had an error", "instance": "/v1/tasks", "code": "server_error",
             "upstream_status": 500, "request_id": "req_c1d2e3f4a5b64c7d8e9f0a1b2c3d4e5f"}""";

    static final String UNAVAILABLE = """
            {"type": "urn:task-agent:problem:upstream-unavailable", "title": "Model endpoint unavailable",
             "status": 503, "detail": "the model endpoint has been failing, so calls to it are paused; retry in 30 s",
             "instance": "/v1/tasks", "code": "upstream-unavailable", "request_id": "req_d4e5f6a7b8c94d0e1f2a3b4c5d6e7f8a"}""";

    static final String TIMEOUT = """
            {"type": "urn:task-agent:problem:upstream-timeout", "title": "Model endpoint timed out", "status": 504,
             "detail": "the model endpoint did not answer in time", "instance": "/v1/tasks",
             "code": "upstream-timeout", "request_id": "req_e5f6a7b8c9d04e1f2a3b4c5d6e7f8a9b"}""";
}
