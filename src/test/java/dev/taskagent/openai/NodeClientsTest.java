package dev.taskagent.openai;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clients people really use, unchanged but for the base URL: the official {@code openai} npm client (its
 * {@code response_format}, its {@code parse} helper with zod, its error classes) and the Vercel AI SDK
 * ({@code generateObject} through {@code @ai-sdk/openai-compatible}), run by Node against this service and the mock
 * model. Each case is one run of {@code src/test/js/clients.mjs}, which asserts what a user of the client relies on.
 * Node and {@code npm ci} in src/test/js are required: without them these tests fail, saying so.
 */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class NodeClientsTest {

    static final Path CLIENTS = Path.of("src/test/js");
    static final String VALID = "{\"city\":\"Paris\",\"population\":2100000,\"languages\":[\"fr\"]}";

    @TestHTTPResource("/v1")
    URL service;

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeAll
    static void requireNodeAndTheClients() {
        try {
            Process version = new ProcessBuilder("node", "--version").start();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("'node --version' failed: Node.js 20 or later is needed for these tests");
            }
        } catch (IOException | InterruptedException e) {
            fail("Node.js is not installed (no 'node' on the PATH); it is needed to run the openai and AI SDK "
                    + "clients against the service: install Node.js 20+, then run 'npm ci' in src/test/js");
        }
        if (!Files.isDirectory(CLIENTS.resolve("node_modules/openai"))) {
            fail("the npm clients are not installed: run 'npm ci' in src/test/js (.ci/run does)");
        }
    }

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void runsPutersOwnExampleWithOnlyTheBaseUrlChanged() {
        model.replies(answer("Quantum computers use qubits."));

        JsonNode seen = run("puter-example");

        assertEquals("Quantum computers use qubits.", seen.path("content").asText());
        assertEquals(
                "mistralai/mistral-small-2603",
                model.requests().get(0).path("model").asText());
    }

    @Test
    void givesTheOpenAiClientJsonMatchingItsJsonSchema() {
        model.replies(toolCall("call_1", "final_answer", VALID));

        JsonNode seen = run("openai-json-schema");

        assertEquals("Paris", seen.path("city").asText());
    }

    @Test
    void satisfiesTheOpenAiParseHelperWithAZodSchema() {
        model.replies(toolCall("call_1", "final_answer", VALID));

        JsonNode seen = run("openai-parse");

        assertEquals(2100000, seen.path("population").asInt());
        assertTrue(
                tools(model.requests().get(0)).contains("final_answer"),
                "the zod schema reached the model as final_answer's parameters");
    }

    @Test
    void satisfiesTheAiSdkGenerateObject() {
        model.replies(toolCall("call_1", "final_answer", VALID));

        JsonNode seen = run("ai-sdk-generate-object");

        assertEquals("fr", seen.path("languages").path(0).asText());
    }

    @Test
    void raisesTheOpenAiClientsBadRequestErrorForAnUnknownModel() {
        JsonNode seen = run("error-unknown-model");

        assertEquals("invalid_request_error", seen.path("type").asText());
        assertEquals(0, model.received().size());
    }

    @Test
    void raisesTheOpenAiClientsUnprocessableEntityErrorWithTheValidationErrors() {
        String invalid = "{\"city\":\"Paris\",\"population\":\"about two million\",\"languages\":[\"fr\"]}";
        model.replies(toolCall("call_1", "final_answer", invalid), toolCall("call_2", "final_answer", invalid));

        JsonNode seen = run("error-invalid-output");

        assertEquals(422, seen.path("status").asInt());
        assertTrue(seen.path("errors").toString().contains("population"), seen.toString());
        assertEquals(
                "about two million",
                seen.path("last_attempt").path("population").asText());
        assertEquals(2, model.received().size(), "one repair round");
    }

    @Test
    void raisesTheOpenAiClientsAuthenticationErrorForAWrongKey() {
        JsonNode seen = run("error-bad-key");

        assertEquals(401, seen.path("status").asInt());
        assertEquals("authentication_error", seen.path("type").asText());
    }

    @Test
    void raisesTheOpenAiClientsRateLimitErrorWhenTheEndpointLimitsUs() {
        model.fails(429, "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limited\"}}");

        assertEquals("rate_limit_error", run("error-rate-limited").path("type").asText());
    }

    @Test
    void failsAStreamBeforeItsFirstChunkWithTheHttpStatus() {
        model.fails(402, "{\"error\":\"insufficient_funds\",\"message\":\"Not enough credit.\"}");

        assertEquals(402, run("error-stream-before-first-chunk").path("status").asInt());
    }

    @Test
    void listsAndRetrievesModelsThroughTheClient() {
        assertTrue(run("models").path("ids").toString().contains("mistralai/ministral-14b-2512"));
    }

    /** Runs one case of clients.mjs; fails with its output when it fails. */
    private JsonNode run(String name) {
        try {
            ProcessBuilder command = new ProcessBuilder("node", "clients.mjs", name).directory(CLIENTS.toFile());
            command.environment().put("TASK_AGENT_URL", service.toString());
            command.environment().put("TASK_AGENT_KEY", ApiKeyResource.KEY);
            Process node = command.start();
            node.getOutputStream().close();
            boolean ended = node.waitFor(120, TimeUnit.SECONDS);
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended) {
                node.destroyForcibly();
                fail("clients.mjs " + name + " did not end within 120 s\n" + out + err);
            }
            if (node.exitValue() != 0) {
                fail("clients.mjs " + name + " failed (exit " + node.exitValue() + "):\n" + out + err);
            }
            return new ObjectMapper()
                    .readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
        } catch (IOException e) {
            return fail("could not run node: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    private static String tools(JsonNode request) {
        return request.path("tools").toString();
    }
}
