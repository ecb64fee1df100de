package dev.taskagent.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
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
 * Debian's chromium, driven through Debian's chromedriver (Selenium must not download a browser of its own), with
 * the page opened through a {@link CuttableProxy} in front of the service, and what the browser tests do on the page.
 */
final class PlaygroundBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target/playground");

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final WebDriver driver;
    final CuttableProxy proxy;

    private PlaygroundBrowser(WebDriver driver, CuttableProxy proxy) {
        this.driver = driver;
        this.proxy = proxy;
    }

    /** Fails with what to install when Debian's packages (installed by .ci/run) are missing. */
    static void checkInstalled() throws IOException {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new IllegalStateException(needed + " is missing: install Debian's chromium and chromium-driver "
                        + "(apt-get install chromium chromium-driver), as .ci/run does");
            }
        }
        Files.createDirectories(SCREENSHOTS);
    }

    static PlaygroundBrowser open(URL service) throws IOException {
        CuttableProxy proxy = new CuttableProxy(service.getPort());
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
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new PlaygroundBrowser(new ChromeDriver(driverService, options), proxy);
    }

    /** The page, through the proxy, without a key. */
    void load() {
        driver.get("http://127.0.0.1:" + proxy.port() + "/");
    }

    /** Opens the page and enters the key in its key box, which keeps it for this tab only. */
    void openWithKey(String key) {
        load();
        WebElement input = driver.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.id("save-key")).click();
        assertEquals(key, script("return sessionStorage.getItem('task-agent.api-key')"), "kept for this tab");
        assertEquals(0L, script("return localStorage.length"), "nothing in localStorage");
    }

    void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    void runTask(String text) {
        type("task-input", text);
        driver.findElement(By.id("run")).click();
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits for the element to show this text; on a timeout, says what the page showed. */
    WebElement waitForText(By locator, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return driver.findElement(locator);
    }

    WebElement waitForText(String id, String text) {
        return waitForText(By.id(id), text);
    }

    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .withMessage(() -> "page shows status '" + textOf("status") + "', problem '" + textOf("problem")
                        + "', answer '" + textOf("answer") + "', steps '" + textOf("timeline") + "'")
                .until(condition);
    }

    private String textOf(String id) {
        return driver.findElements(By.id(id)).stream()
                .map(WebElement::getText)
                .findFirst()
                .orElse("(none)");
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        proxy.close();
    }
}
