package dev.taskagent.cli;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.SharedOpenAiMockResource;
import dev.taskagent.support.Smoke;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
@WithTestResource(SharedOpenAiMockResource.class)
class RunCommandTest {

    private final OpenAiMock model = OpenAiMock.shared();

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Smoke
    @Test
    void printsTheAnswerAndExitsZero(QuarkusMainLauncher launcher) {
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"2^64 - 1\"}"),
                answer("2^64 - 1 = 18446744073709551615"));

        LaunchResult result = launcher.launch("run", "What is 2^64 - 1?");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertEquals("2^64 - 1 = 18446744073709551615", result.getOutput().strip());
        JsonNode toolMessage = model.lastMessage(1);
        assertTrue(toolMessage.path("content").asText().contains("18446744073709551615"), toolMessage.toString());
    }

    @Test
    void printsTheTaskAsJsonExactlyAsTheHttpApiShowsIt(QuarkusMainLauncher launcher) throws Exception {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"), answer("7006652"));

        LaunchResult result = launcher.launch("run", "--json", "What is 1234 times 5678?");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        JsonNode json = new ObjectMapper().readTree(result.getOutput());
        List<String> members = new ArrayList<>();
        json.fieldNames().forEachRemaining(members::add);
        // the members of a completed task in POST /v1/tasks and GET /v1/tasks/{id}, in their order
        assertEquals(
                List.of(
                        "id",
                        "status",
                        "output",
                        "steps",
                        "sources",
                        "usage",
                        "model",
                        "duration_ms",
                        "input",
                        "background",
                        "created_at",
                        "finished_at"),
                members);
        assertEquals("completed", json.path("status").asText());
        assertEquals("What is 1234 times 5678?", json.path("input").asText());
        assertFalse(json.path("background").asBoolean());
        assertEquals("calculator", json.path("steps").get(0).path("tool").asText());
        assertTrue(json.path("steps").get(0).path("result").asText().contains("7006652"));
        assertEquals(270, json.path("usage").path("input_tokens").asInt());
    }

    @Test
    void exitsTwoWithTheReasonWhenTheWorkspaceIsNotADirectory(QuarkusMainLauncher launcher) {
        String missing =
                Path.of("target", "no-such-workspace-" + System.nanoTime()).toString();

        LaunchResult result;
        try {
            result = launcher.launch("run", "--workspace", missing, "Find the README");
        } finally {
            // the launcher runs each command in this JVM, where Main hands --workspace on as a system property
            System.clearProperty("task-agent.tools.file-search.roots");
        }

        assertEquals(2, result.exitCode(), result.getErrorOutput());
        assertTrue(
                result.getErrorOutput().contains("--workspace " + missing + " is not a readable directory"),
                result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("does not exist"), result.getErrorOutput());
        assertEquals(0, model.received().size(), "no model call");
    }

    @Test
    void keepsTheProgressLineOffStdout(QuarkusMainLauncher launcher) {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("42"));

        LaunchResult result = launcher.launch("run", "--progress", "What is six times seven?");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertEquals("42", result.getOutput().strip());
    }

    @Test
    void printsTheVersionAndHelpOfEachCommand(QuarkusMainLauncher launcher) {
        for (List<String> arguments :
                List.of(List.of("--version"), List.of("run", "--version"), List.of("serve", "--version"))) {
            LaunchResult result = launcher.launch(arguments.toArray(String[]::new));
            assertEquals(0, result.exitCode(), arguments + ": " + result.getErrorOutput());
            assertTrue(
                    result.getOutput().matches("(?s)task-agent \\d+\\.\\d+.*"), arguments + ": " + result.getOutput());
        }
        LaunchResult help = launcher.launch("run", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.getOutput().contains("--workspace=DIR"), help.getOutput());
        assertTrue(help.getOutput().contains("Exit codes:"), help.getOutput());
    }

    @Test
    void streamsStepsToStderrAsTheyHappen(QuarkusMainLauncher launcher) {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}"), answer("42"));

        LaunchResult result = launcher.launch("run", "--stream", "What is six times seven?");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertEquals("42", result.getOutput().strip());
        String err = result.getErrorOutput();
        assertTrue(err.contains("→ calculator {\"expression\":\"6*7\"}"), err);
        assertTrue(err.contains("← calculator") && err.contains("42"), err);
    }

    @Smoke
    @Test
    void exitsOneWhenTheTaskFails(QuarkusMainLauncher launcher) {
        model.fails(500, "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}");

        LaunchResult result = launcher.launch("run", "What is 2+2?");

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("upstream exploded"), result.getErrorOutput());
    }

    @Test
    void exitsTwoOnBadUsage(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("run", "--no-such-option", "x");

        assertEquals(2, result.exitCode());
        assertEquals(0, model.received().size(), "no model call on bad usage");
    }

    @Test
    void exitsTwoOnAnEmptyTask(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("run", " ");

        assertEquals(2, result.exitCode());
        assertTrue(result.getErrorOutput().contains("'input' is required"), result.getErrorOutput());
    }
}
