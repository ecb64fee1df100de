package dev.taskagent.playground;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.chunked;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real browser (Debian's chromium through its chromedriver) against the packaged service, with
 * authentication on, and the mock model. Screenshots of each test go to {@code target/playground/}.
 */
@QuarkusIntegrationTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
class PlaygroundIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/playground");

    @InjectOpenAiMock
    OpenAiMock model;

    @TestHTTPResource("/")
    URL service;

    private WebDriver browser;
    private CuttableProxy proxy;

    @BeforeAll
    static void checkBrowser() throws IOException {
        // Debian's packages, installed by .ci/run; Selenium must not try to download a browser of its own
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new IllegalStateException(needed + " is missing: install Debian's chromium and chromium-driver "
                        + "(apt-get install chromium chromium-driver), as .ci/run does");
            }
        }
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void openBrowser() throws IOException {
        model.reset();
        proxy = new CuttableProxy(service.getPort());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1700",
                "--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
        // a driver process per browser: quitting a browser stops its driver
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        if (browser != null) {
            screenshot(test.getTestMethod().orElseThrow().getName());
            browser.quit();
        }
        proxy.close();
    }

    @Test
    void runsATaskAndShowsTheToolStepAndTheAnswer() {
        // given
        model.replies(
                toolCall("call_1", "calculator", "{\"expression\":\"1234*5678\"}"),
                answer("1234 × 5678 = 7006652, computed exactly."));
        openWithKey(ApiKeyResource.KEY);

        // when
        runTask("What is 1234 times 5678?");

        // then
        waitForText(By.id("status"), "Completed");
        WebElement step = browser.findElement(By.cssSelector("#timeline li.step"));
        assertTrue(step.getText().contains("calculator"), step.getText());
        assertTrue(step.getText().contains("1234*5678"), step.getText());
        assertTrue(step.getText().contains("7006652"), step.getText());
        assertEquals(
                "1234 × 5678 = 7006652, computed exactly.",
                browser.findElement(By.id("answer")).getText());
        assertTrue(browser.findElement(By.id("usage")).getText().contains("input tokens"));
        List<String> tools = browser.findElements(By.cssSelector("#tools .tool input")).stream()
                .map(box -> box.getAttribute("value"))
                .toList();
        assertTrue(tools.containsAll(List.of("calculator", "file_search", "http_fetch")), tools.toString());
        assertTrue(model.requests().get(0).path("stream").asBoolean(), "the page asks for a streamed task");
    }

    @Test
    void cancelsARunningTask() {
        // given: the model takes its time
        model.repliesAfter(5000, answer("too late"));
        openWithKey(ApiKeyResource.KEY);
        runTask("Take your time.");
        waitForText(By.id("status"), "Running");

        // when
        browser.findElement(By.id("cancel")).click();

        // then
        waitForText(By.id("status"), "Cancelled");
        assertEquals("", browser.findElement(By.id("answer")).getText());
        assertTrue(browser.findElement(By.id("run")).isEnabled(), "a new task can be run");
    }

    @Test
    void showsAClearMessageForAKeyTheServiceRefuses() {
        // given
        openWithKey("not-a-valid-key");

        // when
        runTask("What is 2+2?");

        // then
        WebElement problem = waitForText(By.id("problem"), "API key was refused");
        assertFalse(problem.getText().contains("{"), "a sentence, not JSON: " + problem.getText());
        assertTrue(model.requests().isEmpty(), "nothing reached the model");
    }

    @Test
    void showsHtmlFromTheModelAsTextAndRunsNoScriptOfIt() {
        // given
        String hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script><b>bold</b>";
        model.replies(answer(hostile));
        openWithKey(ApiKeyResource.KEY);

        // when
        runTask("Say something dangerous.");

        // then
        waitForText(By.id("status"), "Completed");
        WebElement answer = browser.findElement(By.id("answer"));
        assertEquals(hostile, answer.getText());
        assertTrue(answer.findElements(By.cssSelector("img, script, b")).isEmpty(), "no element made from it");
        Object pwned = ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined");
        assertEquals(Boolean.TRUE, pwned, "no script from the answer ran");
    }

    @Test
    void reconnectsWithLastEventIdWhenTheStreamIsCut() {
        // given: the tool step comes at once, the answer only later
        model.respondsInOrder(
                chunked(toolCall("call_1", "calculator", "{\"expression\":\"6*7\"}")),
                chunked(answer("The answer is 42.")).withFixedDelay(2000));
        openWithKey(ApiKeyResource.KEY);
        runTask("What is 6 times 7?");
        waitForText(By.cssSelector("#timeline li.step"), "42");

        // when: the network drops while the model is still thinking
        proxy.cutAll();

        // then
        waitForText(By.id("status"), "Completed");
        assertEquals("The answer is 42.", browser.findElement(By.id("answer")).getText());
        assertEquals(
                1, browser.findElements(By.cssSelector("#timeline li.step")).size(), "no step drawn twice");
        assertTrue(
                proxy.requestHeads().stream()
                        .anyMatch(head -> head.startsWith("GET /v1/tasks/")
                                && head.toLowerCase(Locale.ROOT).contains("\nlast-event-id: ")),
                "the page came back for the events after the last one it saw: " + proxy.requestHeads());
        assertTrue(
                proxy.requestHeads().stream().noneMatch(head -> head.contains(ApiKeyResource.KEY + "@")),
                "the key never travels in a URL");
    }

    @Test
    void fitsAPhoneScreenWithoutScrollingSideways() {
        // given
        browser.manage().window().setSize(new Dimension(390, 844));

        // when
        openWithKey(ApiKeyResource.KEY);
        waitForText(By.id("tools"), "calculator");

        // then
        Object fits = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
        assertEquals(Boolean.TRUE, fits, "no horizontal overflow at a phone's width");
        for (String id : List.of("api-key", "task-input", "model", "reasoning", "max-tool-calls", "image")) {
            assertFalse(
                    browser.findElements(By.cssSelector("label[for='" + id + "']"))
                            .isEmpty(),
                    "#" + id + " has a label");
        }
    }

    private void openWithKey(String key) {
        browser.get("http://127.0.0.1:" + proxy.port() + "/");
        WebElement input = browser.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.id("save-key")).click();
        Object stored =
                ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('task-agent.api-key')");
        assertEquals(key, stored, "the key is kept for this tab only");
        Object inLocal = ((JavascriptExecutor) browser).executeScript("return localStorage.length");
        assertEquals(0L, inLocal, "nothing in localStorage");
    }

    private void runTask(String text) {
        WebElement input = browser.findElement(By.id("task-input"));
        input.clear();
        input.sendKeys(text);
        browser.findElement(By.id("run")).click();
    }

    private WebElement waitForText(By locator, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .withMessage(() -> "page shows status '" + textOf("status") + "', problem '" + textOf("problem")
                        + "', answer '" + textOf("answer") + "', steps '" + textOf("timeline") + "'")
                .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return browser.findElement(locator);
    }

    private String textOf(String id) {
        return browser.findElements(By.id(id)).stream()
                .map(WebElement::getText)
                .findFirst()
                .orElse("(none)");
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
