package dev.taskagent.playground;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.taskagent.support.ApiKeyResource.bearer;
import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.chunked;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.Requests;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The playground in a real browser (Debian's chromium through its chromedriver) against the packaged service, with
 * authentication on, and the mock model. Screenshots of each test go to {@code target/playground/}.
 *
 * <p>This service start: loopback pages may be fetched (sources from the mock's own pages), file search has no
 * workspace (a tool switched off, with its reason), images are small (the page's size check), each key runs one task
 * at a time (a second one is refused with 429), and the model call may take a minute (a slow answer stays slow until
 * the test cancels it, however slow the machine).
 */
@QuarkusIntegrationTest
@WithTestResource(
        value = OpenAiMockResource.class,
        initArgs = {
            @ResourceArg(name = "task-agent.tools.fetch.allow-private-addresses", value = "true"),
            @ResourceArg(name = "task-agent.tools.file-search.roots", value = ""),
            @ResourceArg(name = "task-agent.model.timeout", value = "60s")
        })
@WithTestResource(
        value = ApiKeyResource.class,
        initArgs = {
            @ResourceArg(name = "task-agent.limits.concurrent-tasks", value = "1"),
            @ResourceArg(name = "task-agent.images.max-bytes", value = "2048")
        })
class PlaygroundIT {

    private static final String KEY = ApiKeyResource.KEY;
    /** Longer than any test step takes, shorter than the model timeout above. */
    private static final int SLOW_MS = 30_000;

    @InjectOpenAiMock
    OpenAiMock model;

    @TestHTTPResource("/")
    URL service;

    private PlaygroundBrowser browser;

    @BeforeAll
    static void checkBrowser() throws IOException {
        PlaygroundBrowser.checkInstalled();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        model.reset();
        browser = PlaygroundBrowser.open(service);
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
        browser.close();
    }

    @Test
    void runsATaskAndShowsTheToolStepAndTheAnswer() {
        // given
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"),
                answer("1234 × 5678 = 7006652, computed exactly."));
        browser.openWithKey(KEY);
        browser.waitForText("tools", "calculator");
        recordDrawing();

        // when
        browser.runTask("What is 1234 times 5678?");

        // then: the step was drawn when it started, then with its arguments, result and duration
        browser.waitForText("status", "Completed");
        assertTrue(recorded("steps").contains("running…"), "the step was shown while it ran: " + recorded("steps"));
        WebElement step = browser.driver.findElement(By.cssSelector("#timeline li.step"));
        String text = step.getText();
        assertTrue(text.contains("calculator") && text.contains("1234*5678") && text.contains("7006652"), text);
        assertTrue(Pattern.compile("done in \\d+ ms").matcher(text).find(), text);
        assertEquals(
                "1234 × 5678 = 7006652, computed exactly.",
                browser.byId("answer").getText());
        String usage = browser.byId("usage").getText();
        Matcher cost = Pattern.compile("\\d+ input tokens, \\d+ output tokens, estimated cost \\$(\\d+\\.\\d{6}) — "
                        + OpenAiMock.MODEL)
                .matcher(usage);
        assertTrue(cost.matches(), usage);
        assertTrue(Double.parseDouble(cost.group(1)) > 0, "the model's configured price gives a cost: " + usage);
        assertTrue(model.requests().get(0).path("stream").asBoolean(), "the page asks for a streamed task");
    }

    @Test
    void asksForTheKeyOnceAndKeepsItInThisTabOnly() {
        // given: the key entered once (openWithKey checks it is in sessionStorage, and nothing in localStorage)
        browser.openWithKey(KEY);

        // when: the page is loaded again
        browser.driver.navigate().refresh();

        // then: it still has the key, and the service accepts it (the tool list needs it)
        browser.waitForText("tools", "calculator");
        assertEquals("A key is set for this tab.", browser.byId("key-status").getText());
        assertEquals("", browser.script("return document.cookie"), "no cookie holds it");
        assertKeyNeverInAUrl();

        // when: the user forgets it
        browser.byId("forget-key").click();

        // then
        assertNull(browser.script("return sessionStorage.getItem('task-agent.api-key')"));
        assertEquals("", browser.byId("api-key").getAttribute("value"));
    }

    @Test
    void listsTheServicesToolsAndGreysOutADisabledOneWithItsReason() {
        // given
        model.replies(answer("Nothing to search."));
        browser.openWithKey(KEY);

        // when
        browser.waitForText("tools", "file_search");

        // then
        WebElement fileSearch = browser.byId("tool-file_search");
        assertFalse(fileSearch.isEnabled(), "a tool switched off cannot be chosen");
        assertFalse(fileSearch.isSelected());
        WebElement row = fileSearch.findElement(By.xpath(".."));
        assertTrue(row.getAttribute("class").contains("disabled"), row.getAttribute("class"));
        assertTrue(row.getText().contains("no workspace roots configured"), "its reason is shown: " + row.getText());
        assertTrue(browser.byId("tool-calculator").isSelected());
        assertTrue(browser.byId("tool-http_fetch").isSelected());

        // and when a task runs, the model is offered the chosen tools only
        browser.byId("tool-calculator").click();
        browser.runTask("Search the workspace.");
        browser.waitForText("status", "Completed");
        assertEquals(List.of("http_fetch"), toolsOffered(0));
    }

    @Test
    void streamsTheAnswerInAsTheModelWritesIt() {
        // given: the model writes its answer over two seconds
        String text = "The answer comes in one word after another, as the model writes it.";
        model.respondsInOrder(chunked(answer(text)).withChunkedDribbleDelay(10, 2000));
        browser.openWithKey(KEY);
        recordDrawing();

        // when
        browser.runTask("Write slowly.");

        // then: a part of the answer was on the page before the rest came
        browser.waitForText("status", "Completed");
        assertEquals(text, browser.byId("answer").getText());
        List<String> shown = recorded("answers");
        assertTrue(
                shown.stream()
                        .anyMatch(part -> !part.isEmpty() && part.length() < text.length() && text.startsWith(part)),
                "the answer grew as it came: " + shown);
    }

    @Test
    void sendsTheChosenModelAndReasoningEffort() {
        // given
        model.replies(answer("Done."));
        browser.openWithKey(KEY);
        browser.until(driver -> new Select(browser.byId("model")).getOptions().size() > 1);

        // when: high effort on the default model
        new Select(browser.byId("reasoning")).selectByValue("high");
        browser.runTask("Think hard.");
        browser.waitForText("status", "Completed");

        // then
        assertEquals("high", model.requests().get(0).path("reasoning_effort").asText());
        assertEquals(OpenAiMock.MODEL, model.requests().get(0).path("model").asText());

        // when: another model, which takes no reasoning effort
        new Select(browser.byId("model")).selectByValue("mistralai/devstral-2512");
        assertFalse(browser.byId("reasoning").isEnabled(), "its reasoning effort cannot be set");
        assertTrue(browser.byId("model-note").getText().contains("no reasoning effort"));
        browser.runTask("Now with Devstral.");
        browser.waitForText("status", "Completed");

        // then
        assertEquals(
                "mistralai/devstral-2512", model.requests().get(1).path("model").asText());
        assertTrue(model.requests().get(1).path("reasoning_effort").isMissingNode());
        assertTrue(
                browser.byId("usage").getText().endsWith("mistralai/devstral-2512"),
                browser.byId("usage").getText());
    }

    @Test
    void cancelsARunningTask() {
        // given: the model takes its time
        model.repliesAfter(SLOW_MS, answer("too late"));
        browser.openWithKey(KEY);
        browser.runTask("Take your time.");
        browser.waitForText("status", "Running");

        // when
        browser.byId("cancel").click();

        // then
        browser.waitForText("status", "Cancelled");
        assertEquals("", browser.byId("answer").getText());
        assertTrue(browser.byId("run").isEnabled(), "a new task can be run");
        assertTrue(
                browser.proxy.requestHeads().stream()
                        .anyMatch(head -> head.matches("(?s)POST /v1/tasks/task_\\w+/cancel HTTP.*")),
                "the page called the cancel endpoint: " + browser.proxy.requestHeads());
    }

    @Test
    void reconnectsWithLastEventIdWhenTheStreamIsCut() {
        // given: the tool step comes at once, the answer only later
        model.respondsInOrder(
                chunked(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}")),
                chunked(answer("The answer is 42.")).withFixedDelay(5000));
        browser.openWithKey(KEY);
        browser.runTask("What is 6 times 7?");
        browser.waitForText(By.cssSelector("#timeline li.step"), "42");

        // when: the network drops while the model is still thinking
        browser.proxy.cutAll();

        // then
        browser.waitForText("status", "Completed");
        assertEquals("The answer is 42.", browser.byId("answer").getText());
        assertEquals(
                1,
                browser.driver.findElements(By.cssSelector("#timeline li.step")).size(),
                "no step drawn twice");
        String resumed = browser.proxy.requestHeads().stream()
                .filter(head -> head.startsWith("GET /v1/tasks/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no reconnect: " + browser.proxy.requestHeads()));
        Matcher lastEvent = Pattern.compile("(?im)^last-event-id: (\\d+)$").matcher(resumed);
        assertTrue(lastEvent.find(), resumed);
        assertTrue(
                Integer.parseInt(lastEvent.group(1)) >= 4,
                "it asked for the events after the step it had drawn (created, in progress, started, completed): "
                        + resumed);
        assertTrue(resumed.contains("\r\nAuthorization: Bearer " + KEY + "\r\n"), "the key is sent as Bearer");
        assertKeyNeverInAUrl();
    }

    @Test
    void showsAClearMessageForAKeyTheServiceRefuses() {
        // given
        browser.openWithKey("not-a-valid-key");

        // when
        browser.runTask("What is 2+2?");

        // then
        WebElement problem = browser.waitForText("problem", "API key was refused");
        assertFalse(problem.getText().contains("{"), "a sentence, not JSON: " + problem.getText());
        assertTrue(model.requests().isEmpty(), "nothing reached the model");
    }

    @Test
    void showsAClearMessageWithTheWaitWhenTheKeyHasTooManyTasks() {
        // given: a background task of the same key holds its one place
        model.repliesAfter(SLOW_MS, answer("still thinking"));
        String held = Requests.acceptedTask(
                given().header("Authorization", bearer(KEY)), "{\"input\":\"Hold the place.\",\"background\":true}");
        try {
            browser.openWithKey(KEY);

            // when
            browser.runTask("One more, please.");

            // then
            WebElement problem = browser.waitForText("problem", "Too many requests: try again in 1 s.");
            assertFalse(problem.getText().contains("{"), "a sentence, not JSON: " + problem.getText());
            assertTrue(problem.getText().contains("concurrent-tasks"), "the service's reason: " + problem.getText());
            assertTrue(browser.byId("run").isEnabled(), "it can be run again");
        } finally {
            given().header("Authorization", bearer(KEY))
                    .post("/v1/tasks/" + held + "/cancel")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void showsAClearMessageWhenTheTaskRunsOutOfItsToolCallBudget() {
        // given: the model wants a tool, but the budget allows none
        model.replies(toolCall("call_1", "calculator", "{\"expression\":\"2+2\"}"), answer("4"));
        browser.openWithKey(KEY);
        browser.type("max-tool-calls", "0");

        // when
        browser.runTask("What is 2+2?");

        // then
        WebElement problem = browser.waitForText("problem", "used up its tool-call budget");
        assertTrue(problem.getText().contains("Max tool calls"), "it says what to change: " + problem.getText());
        assertFalse(problem.getText().contains("{"), "a sentence, not JSON: " + problem.getText());
        assertEquals("Failed", browser.byId("status").getText());
        assertEquals(1, model.requests().size(), "no call after the budget ran out");
        assertAccessible();
    }

    @Test
    void showsHtmlFromTheModelAndFromToolsAsTextAndRunsNoScriptOfIt() {
        // given: markup in the tool's arguments (which its error repeats) and in the answer
        String inTool = "<img src=x onerror=window.pwned=1>";
        String hostile = "<img src=x onerror=\"window.pwned=2\"><script>window.pwned=3</script><b>bold</b>";
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"" + inTool.replace("\"", "\\\"") + "\"}"),
                answer(hostile));
        browser.openWithKey(KEY);

        // when
        browser.runTask("Say something dangerous.");

        // then
        browser.waitForText("status", "Completed");
        assertEquals(hostile, browser.byId("answer").getText());
        assertTrue(
                browser.byId("timeline").getText().contains(inTool),
                browser.byId("timeline").getText());
        assertTrue(
                browser.driver
                        .findElements(By.cssSelector("#run-section img, #run-section script, #run-section b"))
                        .isEmpty(),
                "no element made from what the model or the tool wrote");
        assertNull(browser.script("return window.pwned"), "no script from the answer ran");
    }

    @Test
    void servesThePageWithSecurityHeadersThatTheBrowserEnforces() {
        // given: the page needs no key, and comes with its policy
        var page = given().accept("text/html")
                .when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType("text/html")
                .extract();
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        browser.load();

        // when: markup that would run a script reaches the document after all
        browser.script("window.violations = [];"
                + "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
                + "const s = document.createElement('script'); s.textContent = 'window.inline = 1';"
                + "document.body.append(s);"
                + "const i = document.createElement('img'); i.setAttribute('onerror', 'window.inline = 2');"
                + "i.src = 'data:,x'; document.body.append(i);");

        // then: the browser refuses to run it, under the page's policy
        browser.until(driver -> ((Number) browser.script("return window.violations.length")).intValue() >= 2);
        assertNull(browser.script("return window.inline"));
        assertTrue(browser.script("return window.violations.join()").toString().contains("script-src"));
    }

    @Test
    void attachesAnImageAsADataUrlAndRefusesATooLargeOneBeforeSending() throws IOException {
        // given: a small picture, and one larger than the service's limit (2048 bytes here)
        Path small = png("small", 2, 2);
        Path large = png("large", 64, 64);
        assertTrue(Files.size(large) > 2048, "the large picture is over the limit");
        model.replies(answer("A tiny picture."));
        browser.openWithKey(KEY);

        // when: the large one is chosen
        browser.byId("image").sendKeys(large.toAbsolutePath().toString());

        // then: the page refuses it at once, naming the limit
        browser.waitForText("image-status", "at most 2048 bytes");
        assertEquals("", browser.byId("image").getAttribute("value"), "the file is not kept");

        // when: the small one is chosen and the task runs
        browser.byId("image").sendKeys(small.toAbsolutePath().toString());
        browser.waitForText("image-status", "will be sent with the task");
        browser.runTask("What is in this picture?");
        browser.waitForText("status", "Completed");

        // then: the model got the very file as a data: URL
        String sent = model.received().get(0).getBodyAsString();
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(small));
        assertTrue(sent.contains(dataUrl), sent);
    }

    @Test
    void continuesAConversationInASessionAndStartsAnotherOnRequest() {
        // given
        model.replies(answer("Nice to meet you, Zebulon."));
        browser.openWithKey(KEY);
        browser.byId("use-session").click();

        // when: two tasks in one session
        browser.runTask("My name is Zebulon.");
        browser.waitForText("status", "Completed");
        browser.runTask("What is my name?");
        browser.waitForText("status", "Completed");

        // then: the second task saw the first
        assertTrue(messages(1).contains("My name is Zebulon."), messages(1));
        assertTrue(messages(1).contains("Nice to meet you, Zebulon."), messages(1));

        // when: a new session
        browser.byId("new-session").click();
        browser.runTask("Who am I?");
        browser.waitForText("status", "Completed");

        // then
        assertFalse(messages(2).contains("Zebulon"), messages(2));
    }

    @Test
    void showsTheFetchedPagesAsLinks() {
        // given
        String url = model.baseUrl() + "/docs/release.html";
        model.server()
                .register(get(urlEqualTo("/docs/release.html"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "text/html; charset=utf-8")
                                .withBody("<html><head><title>Release 4.2</title></head>"
                                        + "<body><p>Shipped on 12 March.</p></body></html>")));
        model.replies(toolCall("call_1", "http_fetch", "{\"url\":\"" + url + "\"}"), answer("On 12 March."));
        browser.openWithKey(KEY);

        // when
        browser.runTask("When did release 4.2 ship?");

        // then
        browser.waitForText("status", "Completed");
        List<WebElement> links = browser.driver.findElements(By.cssSelector("#sources a"));
        assertEquals(1, links.size());
        assertEquals("Release 4.2", links.get(0).getText());
        assertEquals(url, links.get(0).getAttribute("href"));
        assertEquals("noopener noreferrer", links.get(0).getAttribute("rel"));
        assertTrue(browser.byId("sources-block").isDisplayed());
    }

    @Test
    void canBeUsedWithTheKeyboardAlone() {
        // given
        model.replies(answer("Four."));
        browser.load();
        Actions keys = new Actions(browser.driver);

        // when: Tab to the key box, type the key, Enter
        keys.sendKeys(Keys.TAB, Keys.TAB).perform();
        assertEquals("api-key", focused());
        keys.sendKeys(KEY, Keys.ENTER).perform();
        browser.waitForText("tools", "calculator");

        // then: every control comes next in reading order, each with a visible focus mark
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            keys.sendKeys(Keys.TAB).perform();
            order.add(focused());
            assertFalse(
                    "none".equals(browser.script("return getComputedStyle(document.activeElement).outlineStyle")),
                    "#" + focused() + " shows that it has the focus");
            if (focused().equals("task-input")) {
                keys.sendKeys("What is 2+2?").perform();
            }
            if (focused().equals("tool-http_fetch")) {
                keys.sendKeys(Keys.SPACE).perform(); // switch a tool off
            }
        }
        assertEquals(
                List.of(
                        "save-key",
                        "forget-key",
                        "task-input",
                        "tool-calculator",
                        "tool-http_fetch",
                        "model",
                        "reasoning",
                        "max-tool-calls",
                        "image",
                        "use-session",
                        "session-id",
                        "new-session",
                        "run"),
                order);

        // when: Enter on "Run task"
        keys.sendKeys(Keys.ENTER).perform();

        // then
        browser.waitForText("status", "Completed");
        assertEquals(List.of("calculator"), toolsOffered(0));

        // and when: Ctrl+Enter in the task box runs it again
        browser.script("document.getElementById('task-input').focus()");
        keys.keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        browser.until(driver -> model.requests().size() == 2);
        browser.waitForText("status", "Completed");
    }

    @Test
    void passesAxeAccessibilityChecksAfterARun() {
        // given: a run with a failed step, a finished step and an answer on the page
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1/0\"}"),
                toolCall("call_2", "calculator", "{\"expression\":\"6*7\"}"),
                answer("Dividing by zero fails; 6 × 7 = 42."));
        browser.openWithKey(KEY);

        // when
        browser.runTask("Divide 1 by 0, then multiply 6 by 7.");
        browser.waitForText("status", "Completed");

        // then
        assertEquals(
                1,
                browser.driver
                        .findElements(By.cssSelector("#timeline li.step.failed"))
                        .size());
        assertAccessible();
    }

    @Test
    void fitsAPhoneScreenWithoutScrollingSideways() {
        // given: a phone's width, and a run with long unbroken text in its step and its answer
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        String digits = "1234567890".repeat(12);
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"" + digits + "+1\"}"), answer("It is " + digits));
        browser.openWithKey(KEY);

        // when
        browser.runTask("Add one to " + digits);
        browser.waitForText("status", "Completed");

        // then
        assertEquals(
                Boolean.TRUE,
                browser.script("const page = document.documentElement; return page.scrollWidth <= page.clientWidth"),
                "no horizontal overflow at a phone's width");
        for (String id : List.of("api-key", "task-input", "model", "image", "run", "cancel", "answer", "timeline")) {
            assertEquals(
                    Boolean.TRUE,
                    browser.script(
                            "const r = arguments[0].getBoundingClientRect();"
                                    + " return r.left >= 0 && r.right <= document.documentElement.clientWidth",
                            browser.byId(id)),
                    "#" + id + " lies within the screen");
        }
        assertAccessible();
    }

    /** Records, from now on, every text the answer showed and every state a step showed, in order. */
    private void recordDrawing() {
        browser.script("window.drawn = {answers: [], steps: []};"
                + "new MutationObserver(records => { for (const r of records) for (const n of r.addedNodes) {"
                + "  if (r.target.id === 'answer' && n.nodeType === Node.TEXT_NODE) window.drawn.answers.push(n.data);"
                + "  if (n.nodeType === Node.ELEMENT_NODE && n.classList.contains('step-state'))"
                + "    window.drawn.steps.push(n.textContent);"
                + "}}).observe(document.getElementById('run-section'), {childList: true, subtree: true});");
    }

    @SuppressWarnings("unchecked")
    private List<String> recorded(String what) {
        return (List<String>) browser.script("return window.drawn[arguments[0]]", what);
    }

    private String focused() {
        return String.valueOf(browser.script("return document.activeElement.id"));
    }

    /** The tool names the service offered the model in its {@code index}-th call. */
    private List<String> toolsOffered(int index) {
        return StreamSupport.stream(model.requests().get(index).path("tools").spliterator(), false)
                .map(tool -> tool.path("function").path("name").asText())
                .sorted()
                .toList();
    }

    private String messages(int index) {
        JsonNode messages = model.requests().get(index).path("messages");
        return messages.toString();
    }

    private void assertKeyNeverInAUrl() {
        for (String head : browser.proxy.requestHeads()) {
            String requestLine = head.lines().findFirst().orElse("");
            assertFalse(requestLine.contains(KEY), "the key travels in no URL: " + requestLine);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("\nreferer:"), "no Referer is sent: " + head);
        }
    }

    /** axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, structure) find nothing on the page as it is. */
    private void assertAccessible() {
        List<Rule> violations = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(browser.driver)
                .getViolations();
        assertTrue(
                violations.isEmpty(),
                violations.stream()
                        .map(rule -> rule.getId() + ": "
                                + rule.getNodes().stream()
                                        .map(node -> node.getTarget() + " " + node.getFailureSummary())
                                        .toList())
                        .toList()
                        .toString());
    }

    /** A PNG of random pixels (so it does not compress away). */
    private static Path png(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Path file = Files.createTempFile("playground-" + name, ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
