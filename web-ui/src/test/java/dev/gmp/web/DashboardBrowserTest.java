package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser ({@link HeadlessChromium}). Screenshots for review land in
 * target/dashboard.png and target/dashboard-full.png.
 */
class DashboardBrowserTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final int PROCS = 4;
    /** A bucket bound as the latency panel writes it. */
    private static final Pattern LATENCY = Pattern.compile("≤ \\d+(\\.\\d)? (ns|µs|ms|s)");

    private HeadlessChromium browser;
    private WebDriver driver;
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @BeforeEach
    void openBrowser() throws IOException {
        browser = new HeadlessChromium();
        driver = browser.driver;
        Gmp.gomaxprocs(PROCS);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePageShowsALanePerPQueuesFillingUnderLoadAndAParkedGoroutineInTheDump() throws Exception {
        try (ParkedGoroutine parked = new ParkedGoroutine(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            driver.get(dashboard.url());
            WebDriverWait wait = new WebDriverWait(driver, GUARD);
            wait.withMessage("the stream goes live").until(d -> text("#conn").equals("live"));
            wait.withMessage(PROCS + " P lanes").until(d -> lanes().size() == PROCS);
            for (int p = 0; p < PROCS; p++) {
                assertEquals("P" + p, lanes().get(p).findElement(By.className("pid")).getText());
            }
            List<String> idleDepths = depths();
            assertTrue(idleDepths.stream().allMatch("0"::equals), "queues should be empty before the load: " + idleDepths);

            SpawnLoad load = new SpawnLoad();
            try {
                wait.withMessage("a P's queue depth changes under load").until(d -> !depths().equals(idleDepths));
                wait.withMessage("the latency panel shows the last second's p50, p99 and max under load").until(d ->
                        Stream.of("#lat-p50", "#lat-p99", "#lat-max").allMatch(css -> LATENCY.matcher(text(css)).matches()));
                wait.withMessage("the latency heatmap draws a column per second, with filled cells, under load").until(d ->
                        heatmapCount("data-columns") >= 2 && heatmapCount("data-cells") > 0);
                screenshot("dashboard.png");
            } finally {
                load.close();
            }

            driver.findElement(By.id("dump-refresh")).click();
            driver.findElement(By.id("dump-filter")).sendKeys(ParkedGoroutine.METHOD);
            String goid = "G" + parked.goid();
            wait.withMessage("the dump lists the parked goroutine").until(d -> {
                List<WebElement> groups = d.findElements(By.cssSelector("#dump .group"));
                return groups.size() == 1 && groups.getFirst().getText().contains(ParkedGoroutine.WAIT_REASON)
                        && groups.getFirst().getText().contains(goid)
                        && groups.getFirst().getText().contains(ParkedGoroutine.METHOD);
            });
            assertTrue(text("#dump-summary").startsWith("1 of "), text("#dump-summary"));
            fullPageScreenshot("dashboard-full.png");

            List<LogEntry> errors = browser.consoleErrors();
            assertTrue(errors.isEmpty(), "the page logged errors: " + errors);
        }
    }

    @Test
    void withControlOnTheFormChangesGomaxprocsAndTheLanesFollow() throws Exception {
        try (Dashboard dashboard = Dashboard.start("127.0.0.1", 0, true)) {
            driver.get(dashboard.url());
            WebDriverWait wait = new WebDriverWait(driver, GUARD);
            wait.withMessage(PROCS + " P lanes").until(d -> lanes().size() == PROCS);
            wait.withMessage("the control form shows").until(d -> d.findElement(By.id("control")).isDisplayed());
            assertTrue(!driver.findElement(By.id("readonly")).isDisplayed());

            WebElement input = driver.findElement(By.id("control-n"));
            input.clear();
            input.sendKeys("2");
            driver.findElement(By.cssSelector("#control button")).click();
            wait.withMessage("the reply shows").until(d -> text("#control-result").equals("GOMAXPROCS " + PROCS + " → 2"));
            wait.withMessage("two lanes remain").until(d -> lanes().size() == 2);
            assertEquals(2, Gmp.gomaxprocs());
            screenshot("dashboard-control.png");
        }
    }

    private List<WebElement> lanes() {
        return driver.findElements(By.cssSelector("#lanes .lane"));
    }

    private List<String> depths() {
        return driver.findElements(By.cssSelector("#lanes .depth-value")).stream().map(WebElement::getText).toList();
    }

    /** A count the latency heatmap writes on its canvas when it draws (0 before its first drawing). */
    private int heatmapCount(String attribute) {
        String value = driver.findElement(By.id("latency-heatmap")).getDomAttribute(attribute);
        return value == null ? 0 : Integer.parseInt(value);
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws IOException {
        browser.screenshot(name);
    }

    private void fullPageScreenshot(String name) throws IOException {
        browser.fullPageScreenshot(name);
    }
}
