package dev.taskagent.observability;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With tracing switched on, a task is one trace: the task span, its model calls and its tool calls. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(OpenAiMockResource.class)
class TracingTest {

    private static final String INPUT = "What is 1234 times 5678? secret-plan-1234";

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled",
                    "false",
                    "quarkus.otel.exporter.otlp.enabled",
                    "false",
                    "quarkus.otel.bsp.schedule.delay",
                    "10ms");
        }
    }

    @InjectOpenAiMock
    OpenAiMock model;

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void reset() {
        model.reset();
        spans.reset();
    }

    @Test
    void tracesTaskWithItsModelAndToolCallsWithoutThePrompt() throws InterruptedException {
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"), answer("7006652"));

        String id = given().header("X-Request-Id", "trace-me-1")
                .contentType(ContentType.JSON)
                .body("{\"input\":\"" + INPUT + "\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        List<SpanData> finished = finishedSpansOnceTaskEnded();
        SpanData task = one(finished, "task");
        assertEquals(id, task.getAttributes().get(AttributeKey.stringKey("task.id")));
        assertEquals("completed", task.getAttributes().get(AttributeKey.stringKey("task.outcome")));
        assertEquals(1L, task.getAttributes().get(AttributeKey.longKey("task.tool_calls")));
        assertEquals("trace-me-1", task.getAttributes().get(AttributeKey.stringKey("request.id")));

        List<SpanData> modelCalls = finished.stream()
                .filter(s -> s.getName().startsWith("completion "))
                .toList();
        assertEquals(2, modelCalls.size(), names(finished));
        SpanData tool = one(finished, "langchain4j.tools.calculator");
        for (SpanData child : List.of(modelCalls.get(0), modelCalls.get(1), tool)) {
            assertEquals(task.getTraceId(), child.getTraceId(), child.getName() + " is in the task's trace");
            assertTrue(descendsFrom(child, task, finished), child.getName() + " is under the task span");
        }

        for (SpanData span : finished) {
            String attributes = span.getAttributes().toString() + span.getEvents();
            assertFalse(attributes.contains("secret-plan-1234"), "no prompt in " + span.getName() + ": " + attributes);
            assertFalse(attributes.contains(OpenAiMockResource.TOKEN), "no token in " + span.getName());
        }
    }

    @Test
    void marksFailedTaskSpanWithItsOutcome() throws InterruptedException {
        model.fails(
                402, "{\"error\":\"insufficient_funds\",\"message\":\"No credit.\",\"code\":\"insufficient_funds\"}");

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"hi\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(402);

        SpanData task = one(finishedSpansOnceTaskEnded(), "task");
        assertEquals("upstream_error", task.getAttributes().get(AttributeKey.stringKey("task.outcome")));
        assertEquals(StatusCode.ERROR, task.getStatus().getStatusCode());
    }

    /** Spans are exported in batches, moments after the response. */
    private List<SpanData> finishedSpansOnceTaskEnded() throws InterruptedException {
        for (int i = 0;
                i < 100
                        && spans.getFinishedSpanItems().stream()
                                .noneMatch(s -> s.getName().equals("task"));
                i++) {
            Thread.sleep(20);
        }
        Thread.sleep(50);
        return spans.getFinishedSpanItems();
    }

    private static SpanData one(List<SpanData> spans, String name) {
        List<SpanData> named =
                spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + names(spans));
        return named.get(0);
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor, List<SpanData> all) {
        String parent = span.getParentSpanId();
        while (parent != null && !parent.equals("0000000000000000")) {
            if (parent.equals(ancestor.getSpanId())) {
                return true;
            }
            String current = parent;
            parent = all.stream()
                    .filter(s -> s.getSpanId().equals(current))
                    .map(SpanData::getParentSpanId)
                    .findFirst()
                    .orElse(null);
        }
        return false;
    }

    private static String names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).toList().toString();
    }
}
