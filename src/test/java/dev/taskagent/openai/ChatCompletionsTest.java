package dev.taskagent.openai;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.chunked;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Smoke;
import dev.taskagent.support.Sse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible facade, spoken to by LangChain4j's own OpenAI client, as any OpenAI application would: the
 * agent runs its tools inside and answers as a model.
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class ChatCompletionsTest {

    /** Quarkus' build of LangChain4j's OpenAI client needs the application running in this JVM. */
    static final String CLIENT_IN_PROCESS = "the LangChain4j OpenAI client runs on the application's REST client";

    static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    @TestHTTPResource("/v1/")
    URL service;

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    @DisabledOnIntegrationTest(CLIENT_IN_PROCESS)
    void answersAnOpenAiClientWithTheAgentsAnswerAfterItsToolCalls() {
        // given
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"), answer("1234 × 5678 = 7006652"));

        // when
        ChatResponse response = client().chat(ChatRequest.builder()
                .messages(UserMessage.from("What is 1234 times 5678?"))
                .build());

        // then
        assertEquals("1234 × 5678 = 7006652", response.aiMessage().text());
        assertTrue(!response.aiMessage().hasToolExecutionRequests(), "the agent's tool calls stay inside");
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals(270, response.tokenUsage().inputTokenCount());
        assertEquals(50, response.tokenUsage().outputTokenCount());
        assertEquals("task-agent", response.modelName());
        JsonNode toolMessage = last(model.requests().get(1).path("messages"));
        assertTrue(toolMessage.path("content").asText().contains("7006652"), "the calculator really ran");
    }

    @Test
    @DisabledOnIntegrationTest(CLIENT_IN_PROCESS)
    void streamsTheAnswerToAnOpenAiStreamingClient() throws Exception {
        // given
        // the answer's chunks spread over 400 ms: text no reader has taken yet is joined into one piece, so a stream
        // sent all at once may rightly reach the client whole
        model.respondsInOrder(
                chunked(toolCall("call_1", "calculator", "{\"expression\":\"2^10\"}")),
                chunked(answer("Two to the tenth power is 1024.")).withChunkedDribbleDelay(8, 400));
        List<String> pieces = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        // when
        streamingClient()
                .chat(
                        ChatRequest.builder()
                                .messages(UserMessage.from("What is 2^10?"))
                                .build(),
                        new StreamingChatResponseHandler() {
                            @Override
                            public void onPartialResponse(String partial) {
                                pieces.add(partial);
                            }

                            @Override
                            public void onCompleteResponse(ChatResponse response) {
                                done.complete(response);
                            }

                            @Override
                            public void onError(Throwable error) {
                                done.completeExceptionally(error);
                            }
                        });
        ChatResponse response = done.get(20, TimeUnit.SECONDS);

        // then
        assertEquals("Two to the tenth power is 1024.", response.aiMessage().text());
        assertEquals(response.aiMessage().text(), String.join("", pieces));
        assertTrue(pieces.size() > 1, "the answer came in pieces: " + pieces);
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals(270, response.tokenUsage().inputTokenCount(), "usage chunk, as stream_options asked");
        assertTrue(model.streamed(0) && model.streamed(1));
    }

    @Test
    @DisabledOnIntegrationTest(CLIENT_IN_PROCESS)
    void hoistsSystemMessagesAndKeepsTheConversationAndImages() {
        model.replies(answer("Une image d'un point."));

        client().chat(ChatRequest.builder()
                .messages(
                        SystemMessage.from("Answer in French."),
                        UserMessage.from("Hello"),
                        AiMessage.from("Bonjour !"),
                        UserMessage.from(TextContent.from("What is this?"), ImageContent.from(PNG, "image/png")))
                .build());

        JsonNode messages = model.requests().get(0).path("messages");
        assertEquals(List.of("system", "user", "assistant", "user"), messages.findValuesAsText("role"));
        String system = messages.get(0).path("content").asText();
        assertTrue(system.startsWith("You are task-agent") && system.endsWith("Answer in French."), system);
        assertEquals("Hello", messages.get(1).path("content").asText());
        assertEquals("Bonjour !", messages.get(2).path("content").asText());
        JsonNode input = messages.get(3).path("content");
        assertEquals("What is this?", input.get(0).path("text").asText());
        assertEquals(
                "data:image/png;base64," + PNG,
                input.get(1).path("image_url").path("url").asText());
    }

    @Test
    @DisabledOnIntegrationTest(CLIENT_IN_PROCESS)
    void refusesAModelItDoesNotOffer() {
        OpenAiChatModel wrong = OpenAiChatModel.builder()
                .baseUrl(service.toString())
                .apiKey("unused")
                .modelName("gpt-4o")
                .maxRetries(0)
                .build();

        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> wrong.chat(
                        ChatRequest.builder().messages(UserMessage.from("hi")).build()));

        assertTrue(e.getMessage().contains("unknown model 'gpt-4o'"), e.getMessage());
        assertTrue(
                e.getMessage().contains("mistralai/mistral-small-2603"), "names the allowed models: " + e.getMessage());
        assertEquals(0, model.received().size());
    }

    @Smoke
    @Test
    void streamsStandardChunksEndingWithDone() {
        model.replies(answer("Paris is the capital."));

        String body = given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .contentType("text/event-stream")
                .header("X-Task-Id", startsWith("task_"))
                .extract()
                .asString();

        List<Sse.Event> events = Sse.events(body);
        assertEquals("[DONE]", events.getLast().rawData());
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(Sse.Event::data)
                .toList();
        chunks.forEach(chunk ->
                assertEquals("chat.completion.chunk", chunk.path("object").asText()));
        assertEquals(
                "assistant",
                chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .asText());
        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertEquals("stop", finish.path("finish_reason").asText());
        JsonNode usage = chunks.getLast();
        assertEquals(0, usage.path("choices").size());
        assertEquals(180, usage.path("usage").path("total_tokens").asInt());
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(
                chunk.path("choices").path(0).path("delta").path("content").asText("")));
        assertEquals("Paris is the capital.", text.toString());
    }

    @Test
    void answersAStreamThatFailsBeforeItsFirstChunkWithTheErrorStatus() {
        // given
        model.fails(
                402,
                "{\"error\":\"insufficient_funds\",\"message\":\"Not enough credit.\","
                        + "\"code\":\"insufficient_funds\"}");

        // when / then: an HTTP error, not a 200 stream carrying an error chunk
        given().contentType(ContentType.JSON)
                .body(
                        "{\"model\":\"task-agent\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(402)
                .contentType("application/json")
                .body("error.code", equalTo("insufficient_funds"))
                .body("error.message", equalTo("Not enough credit."));
    }

    @Test
    void endsAStreamWithAnErrorChunkWhenTheTaskFailsAfterItsFirstText() {
        // given: the model writes text with its tool call, then the endpoint fails
        String speaksThenCalls = toolCall("call_1", "calculator", "{\"expression\":\"1+1\"}")
                .replace("\"content\":null", "\"content\":\"Let me compute that.\"");
        model.respondsInOrder(
                OpenAiMock.chunked(speaksThenCalls),
                OpenAiMock.error(
                        402,
                        "{\"error\":\"insufficient_funds\",\"message\":\"Not enough credit.\","
                                + "\"code\":\"insufficient_funds\"}"));

        // when
        List<Sse.Event> events = Sse.events(given().contentType(ContentType.JSON)
                .body(
                        "{\"model\":\"task-agent\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        // then
        JsonNode error = events.get(events.size() - 2).data().path("error");
        assertEquals("insufficient_funds", error.path("code").asText());
        assertEquals("Not enough credit.", error.path("message").asText());
        assertEquals("[DONE]", events.getLast().rawData());
    }

    @Smoke
    @Test
    void answersAFailureBeforeStreamingWithAnOpenAiError() {
        model.fails(
                402,
                "{\"error\":\"insufficient_funds\",\"message\":\"Not enough credit.\","
                        + "\"code\":\"insufficient_funds\"}");

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(402)
                .contentType("application/json")
                .body("error.code", equalTo("insufficient_funds"))
                .body("error.type", equalTo("insufficient_quota"));
    }

    @Test
    void sendsReasoningEffortUpstream() {
        model.replies(answer("ok"));

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"reasoning_effort\":\"none\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.content", equalTo("ok"));

        assertEquals("none", model.requests().get(0).path("reasoning_effort").asText());
    }

    @Test
    void refusesClientToolsToolMessagesAndAConversationNotEndingWithTheUser() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("'tools' is not supported"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"x\",\"content\":\"42\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.message", containsString("role 'tool'"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"task-agent\",\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}")
                .when()
                .post("/v1/chat/completions")
                .then()
                .statusCode(400)
                .body("error.message", containsString("the last message must be the user's"));
        assertEquals(0, model.received().size());
    }

    @Smoke
    @Test
    void listsTheAliasAndEveryAllowedModel() {
        given().when()
                .get("/v1/models")
                .then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", equalTo("task-agent"))
                .body("data[0].object", equalTo("model"))
                .body("data[1].id", equalTo("mistralai/mistral-small-2603"))
                .body("data.id", hasItems("mistralai/ministral-14b-2512", "mistralai/devstral-2512"))
                .body("data.find { it.id == 'mistralai/devstral-2512' }.supports_images", equalTo(false))
                .body("data.find { it.id == 'mistralai/devstral-2512' }.pricing.output_per_million", equalTo(2.0f));
        given().when().get("/v1/models/task-agent").then().statusCode(200).body("id", equalTo("task-agent"));
        given().when()
                .get("/v1/models/mistralai/devstral-2512")
                .then()
                .statusCode(200)
                .body("display_name", equalTo("Devstral 2"));
        given().when()
                .get("/v1/models/gpt-4o")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("mistralai/mistral-small-2603"));
    }

    private OpenAiChatModel client() {
        return OpenAiChatModel.builder()
                .baseUrl(service.toString())
                .apiKey("unused")
                .modelName("task-agent")
                .timeout(Duration.ofSeconds(20))
                .maxRetries(0)
                .build();
    }

    private OpenAiStreamingChatModel streamingClient() {
        return OpenAiStreamingChatModel.builder()
                .baseUrl(service.toString())
                .apiKey("unused")
                .modelName("task-agent")
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
