package dev.brickyard.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryFixture;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real headless Chromium, as a reader uses them: search, open a brick, read its versions; at a
 * laptop's width (1280 px) and a phone's (375 px), with screenshots left in {@code target/screenshots/}.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromedriver} by path, so Selenium Manager never runs (it would
 * download drivers). Without them the test is skipped, except on CI ({@code CI=true}), where it fails.
 */
class PagesInChromiumTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int LAPTOP = 1280;
    private static final int PHONE = 375;

    @TempDir
    static Path folder;
    @TempDir
    static Path profile;
    static RegistryFixture registry;
    static ChromeDriverService service;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String missing = "Chromium and its driver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        registry = RegistryFixture.start(folder);
        publish(SampleBricks.head("acme/sentiment", "1.0.0", "Tells positive from negative product reviews, "
                + "in English.", List.of("sentiment", "reviews", "english"), SampleBricks.card("acme/sentiment",
                "Reads a product review and says whether it is positive or negative. Trained on short English "
                        + "reviews of electronics, books and kitchenware."), "negative", "positive"));
        publish(SampleBricks.head("acme/sentiment", "1.1.0", "Tells positive from negative product reviews, "
                + "in English.", List.of("sentiment", "reviews", "english"), SampleBricks.card("acme/sentiment",
                "Reads a product review and says whether it is positive or negative."), "negative", "positive"));
        publish(SampleBricks.head("acme/sentiment", "1.2.0", "Tells positive from negative product reviews, "
                + "in English.", List.of("sentiment", "reviews", "english"), SampleBricks.card("acme/sentiment",
                "Reads a product review and says whether it is positive or negative. Trained on short English "
                        + "reviews of electronics, books and kitchenware; sarcasm is still hard."),
                "negative", "positive"));
        publish(SampleBricks.head("acme/news-topic", "2.3.1", "Sorts news headlines into sports, business, "
                + "science-tech or politics.", List.of("news", "topic"), SampleBricks.card("acme/news-topic",
                "Sorts English news headlines."), "business", "politics", "science-tech", "sports"));
        publish(SampleBricks.head("acme/spam-filter", "0.4.0", "Spots unsolicited bulk messages in short texts "
                + "such as comments and chat.", List.of("spam", "moderation"), SampleBricks.card("acme/spam-filter",
                "Flags spam."), "ham", "spam"));
        assertEquals(200, registry.post("v1/bricks/acme/sentiment/1.1.0/yank",
                "{\"reason\":\"Mislabels negated sentences; use 1.2.0\"}", registry.token()).statusCode());
        for (int i = 0; i < 3; i++) {
            registry.get("v1/bricks/acme/sentiment/1.2.0/download");
        }

        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + LAPTOP + ",900");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static void publish(BrickJar brick) throws Exception {
        assertEquals(201, registry.publish(brick).statusCode());
    }

    @Test
    void searchOpenABrickAndReadItsVersionsOnALaptop() throws Exception {
        viewport(LAPTOP, false);
        browser.get(registry.uri().toString());
        assertEquals("Brickyard registry", browser.getTitle());
        assertEquals(3, browser.findElements(By.cssSelector(".result")).size());
        screenshot("list-" + LAPTOP);

        browser.findElement(By.id("q")).sendKeys("product reviews");
        browser.findElement(By.cssSelector("form.search button[type=submit]")).click();
        waitFor(ExpectedConditions.urlContains("q=product+reviews"));
        List<WebElement> results = browser.findElements(By.cssSelector(".result .brick-id"));
        assertFalse(results.isEmpty());
        assertEquals("acme/sentiment", results.get(0).getText());
        screenshot("search-" + LAPTOP);

        results.get(0).click();
        waitFor(ExpectedConditions.titleIs("acme/sentiment · Brickyard registry"));
        assertVersionsWithYank();
        assertEquals("brick host install acme/sentiment@^1.2.0",
                browser.findElement(By.cssSelector(".install .command code")).getText().replace("$ ", ""));
        assertNoHorizontalScroll(LAPTOP);
        screenshot("brick-" + LAPTOP);
    }

    @Test
    void thePagesFitAPhoneWithoutScrollingSideways() throws Exception {
        viewport(PHONE, true);
        browser.get(registry.uri().toString());
        assertNoHorizontalScroll(PHONE);
        screenshot("list-" + PHONE);

        browser.get(registry.uri().resolve("?q=sentiment").toString());
        browser.findElement(By.linkText("acme/sentiment")).click();
        waitFor(ExpectedConditions.urlContains("/bricks/acme/sentiment"));
        assertVersionsWithYank();
        assertNoHorizontalScroll(PHONE);
        // On a phone the install command comes before the card.
        assertTrue(browser.findElement(By.cssSelector(".install")).getLocation().getY()
                < browser.findElement(By.cssSelector(".card")).getLocation().getY());
        screenshot("brick-" + PHONE);

        browser.get(registry.uri().resolve("bricks/acme/missing").toString());
        assertEquals("Brick not found", browser.findElement(By.tagName("h1")).getText());
        assertNoHorizontalScroll(PHONE);
        screenshot("not-found-" + PHONE);
    }

    private static void assertVersionsWithYank() {
        List<WebElement> rows = browser.findElements(By.cssSelector("table.versions tbody tr"));
        assertEquals(3, rows.size());
        WebElement yanked = browser.findElement(By.cssSelector("table.versions tr.is-yanked"));
        assertTrue(yanked.getText().contains("1.1.0"), yanked.getText());
        assertTrue(yanked.findElement(By.cssSelector(".badge.yanked")).isDisplayed());
        assertTrue(yanked.getText().contains("Mislabels negated sentences; use 1.2.0"), yanked.getText());
        assertEquals(2, browser.findElements(By.cssSelector("table.versions tbody tr:not(.is-yanked)")).size());
    }

    private static void waitFor(ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }

    /** Emulates a screen of this width (a phone's with touch and the mobile viewport rules when asked). */
    private static void viewport(int width, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static void assertNoHorizontalScroll(int width) {
        Object scrollWidth = browser.executeScript("return document.documentElement.scrollWidth;");
        assertTrue(((Number) scrollWidth).intValue() <= width, "the page is " + scrollWidth + " px wide at "
                + width + " px: it scrolls sideways");
    }

    /** A screenshot of the whole page, not just the viewport, as {@code target/screenshots/<name>.png}. */
    private static void screenshot(String name) throws Exception {
        Number width = (Number) browser.executeScript("return window.innerWidth;");
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight;");
        boolean mobile = width.intValue() < 500;
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width.intValue(),
                "height", height.intValue(), "deviceScaleFactor", 1, "mobile", mobile));
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        viewport(width.intValue(), mobile);
    }
}
