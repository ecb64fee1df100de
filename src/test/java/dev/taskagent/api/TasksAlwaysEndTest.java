package dev.taskagent.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.lifecycle.InFlightTasks;
import dev.taskagent.limits.TaskSlots;
import dev.taskagent.security.Caller;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Poll;
import dev.taskagent.task.TaskQueue;
import dev.taskagent.tools.calculator.Calculation;
import dev.taskagent.tools.calculator.CalculatorTool;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every task ends, and gives back what it holds: a tool that dies of an {@link Error}, a cancel racing a model call,
 * a tool call that overruns ({@code task-agent.tools.call-timeout}, 2 s in this profile) and a task that overruns
 * ({@code task-agent.tasks.deadline}, 30 s here, so that the other tests of the profile never meet it on a busy
 * machine). A request waiting for a task always gets an answer; the tests give
 * up on one after 90 s rather than hang.
 */
@QuarkusTest
@TestProfile(FetchToolTest.IntranetAllowed.class)
@WithTestResource(OpenAiMockResource.class)
class TasksAlwaysEndTest {

    private static final RestAssuredConfig PATIENT = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 90_000)
                    .setParam("http.connection.timeout", 90_000));

    @InjectOpenAiMock
    OpenAiMock model;

    @Inject
    TaskSlots slots;

    @Inject
    TaskQueue queue;

    @Inject
    InFlightTasks inFlight;

    @Inject
    TaskAgentConfig config;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void aToolThatDiesOfAnErrorEndsTheTaskWithAProblemAndFreesItsSlots() {
        // given: a calculator that overflows its stack, as deep recursion in any tool could
        QuarkusMock.installMockForType(new StackOverflowingCalculator(config), CalculatorTool.class);
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"1+1\"}"), answer("never reached"));

        // when / then: the request is answered with a clear problem, the step that failed in its trace
        request()
                .body("{\"input\":\"add one and one\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("code", equalTo("internal-error"))
                .body("detail", containsString("StackOverflowError"));
        assertEquals(1, model.received().size(), "the model is not asked again after the error");
        assertEverythingFree();

        // and the service goes on
        model.reset();
        model.replies(answer("fine"));
        request()
                .body("{\"input\":\"hello\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("output", equalTo("fine"));
    }

    @Test
    void everyCancelRacingAModelCallEndsTheTaskCancelledAndFreesItsSlots() throws Exception {
        // given: a model slow enough that each cancel lands before, as or while its call starts
        model.repliesAfter(150, answer("too late"));

        // when: 200 tasks, in four lanes at once, each cancelled 0 to 24 ms after it was accepted
        try (ExecutorService lanes = Executors.newFixedThreadPool(4)) {
            List<Future<?>> all = new ArrayList<>();
            for (int lane = 0; lane < 4; lane++) {
                int first = lane * 50;
                all.add(lanes.submit(() -> {
                    for (int i = first; i < first + 50; i++) {
                        raceCancel(i);
                    }
                    return null;
                }));
            }
            for (Future<?> lane : all) {
                lane.get();
            }
        }

        // then
        assertEverythingFree();
    }

    /** Starts a background task, cancels it after a moment, and checks it ended and a repeated cancel agrees. */
    private static void raceCancel(int i) throws InterruptedException {
        String id = request()
                .body("{\"input\":\"race " + i + "\",\"background\":true}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Thread.sleep(i % 25);
        String ended = request()
                .when()
                .delete("/v1/tasks/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
        // cancelled, unless it completed first; never still running
        assertTrue(List.of("cancelled", "completed").contains(ended), "task " + i + " is " + ended);
        request().when().delete("/v1/tasks/" + id).then().statusCode(200).body("status", equalTo(ended));
    }

    @Test
    void abandonsAToolCallThatOverrunsTellsTheModelAndGoesOn() {
        // given: a page slower than the tool-call timeout, though within http_fetch's own limits
        model.server()
                .register(get(urlEqualTo("/docs/sluggish.html"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withFixedDelay(6_000)
                                .withHeader("Content-Type", "text/plain")
                                .withBody("late")));
        String url = model.baseUrl() + "/docs/sluggish.html";
        model.replies(
                toolCall("call_1", "http_fetch", "{\"url\":\"" + url + "\"}"),
                answer("The page did not load in time."));

        // when
        request()
                .body("{\"input\":\"read the sluggish page\"}")
                .when()
                .post("/v1/tasks")
                // then: the call was stopped at its timeout, and the task completed with the model's answer
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("output", equalTo("The page did not load in time."))
                .body("steps", hasSize(1))
                .body("steps[0].error", containsString("did not finish within 2 s"));
        String toldTheModel = model.lastMessage(1).path("content").asText();
        assertTrue(toldTheModel.contains("did not finish within 2 s"), toldTheModel);
        assertEverythingFree();
    }

    @Test
    void stopsATaskAtItsDeadlineWithAProblemAndItsTrace() {
        // given: a model that keeps asking for one more calculation, slowly, for longer than the task deadline
        String[] slowSteps = IntStream.rangeClosed(1, 16)
                .mapToObj(i -> toolCall("call_" + i, "calculator", "{\"expression\":\"6*" + i + "\"}"))
                .toArray(String[]::new);
        model.repliesAfter(2_500, slowSteps);

        // when / then
        request()
                .body("{\"input\":\"slowly multiply\",\"max_tool_calls\":50}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("code", equalTo("deadline-exceeded"))
                .body("detail", containsString("task-agent.tasks.deadline"))
                .body("steps.size()", greaterThan(5))
                .body("steps[0].result", containsString("6"));
        given().when().get("/v1/tasks?limit=1").then().statusCode(200).body("tasks[0].status", equalTo("failed"));
        assertEverythingFree();
    }

    private static RequestSpecification request() {
        return given().config(PATIENT).contentType(ContentType.JSON);
    }

    private void assertEverythingFree() {
        Poll.until(() -> slots.running(Caller.ANONYMOUS), n -> n == 0, "the caller's task slots to be free");
        Poll.until(queue::inFlight, n -> n == 0, "the task queue to be empty");
        Poll.until(inFlight::running, n -> n == 0, "no task to be registered as running");
    }

    /** The calculator, failing as a tool with a runaway recursion would. */
    static class StackOverflowingCalculator extends CalculatorTool {

        StackOverflowingCalculator(TaskAgentConfig config) {
            super(config);
        }

        @Override
        public Calculation calculate(String expression) {
            throw new StackOverflowError();
        }
    }
}
