package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The goroutine table and the warnings banner in a real browser: rows appear live, a click on a
 * column sorts by it (the server picks the top rows), the text filter hides rows, a click on a row
 * shows its stack, and a goroutine that hogs its P shows in the banner. Screenshot:
 * target/goroutine-table.png.
 */
class GoroutineTableBrowserTest {
    private static final Duration GUARD = Duration.ofSeconds(60);

    @Test
    void rowsAppearSortByAColumnFilterByTextAndAClickShowsTheStack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ParkedGoroutine parked = new ParkedGoroutine(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0);
                HeadlessChromium browser = new HeadlessChromium()) {
            browser.driver.get(dashboard.url());
            WebDriverWait wait = new WebDriverWait(browser.driver, GUARD);
            wait.ignoring(StaleElementReferenceException.class);
            long parkedGoid = parked.goid();
            List<Thread> sleepers = new ArrayList<>();
            for (int i = 0; i < 6; i++) sleepers.add(Gmp.go(() -> sleepUntil(release))); // rows in the screenshot
            wait.withMessage("the parked goroutine's row").until(d -> goids(browser).contains(parkedGoid));

            // Started after the page loaded: the live table picks it up by itself.
            Thread busy = Gmp.go(() -> {
                for (int i = 0; i < 2_000; i++) Gmp.gosched();
                awaitQuietly(release);
            });
            wait.withMessage("the busy goroutine's row appears live").until(d -> goids(browser).size() >= 2
                    && goids(browser).getLast() > parkedGoid);
            browser.driver.findElement(By.id("gt-live")).click(); // no refresh under the clicks below
            assertEquals(goids(browser).stream().sorted().toList(), goids(browser), "by id: ascending");

            browser.driver.findElement(By.cssSelector("#gt-table th[data-sort=slices]")).click();
            wait.withMessage("sorted by slices, the goroutine that yielded 2000 times comes first").until(d ->
                    !goids(browser).isEmpty() && goids(browser).getFirst() > parkedGoid
                            && d.findElement(By.cssSelector("#gt-table th.sorted")).getText().equals("slices"));
            List<Long> slices = column(browser, 8);
            assertEquals(slices.stream().sorted(java.util.Comparator.reverseOrder()).toList(), slices, "largest first");
            assertTrue(slices.getFirst() > 2_000, slices.toString());

            browser.driver.findElement(By.id("gt-filter")).sendKeys(ParkedGoroutine.METHOD);
            wait.withMessage("the filter leaves the parked goroutine alone").until(d -> goids(browser).equals(List.of(parkedGoid)));
            assertTrue(browser.driver.findElement(By.id("gt-summary")).getText().startsWith("1 of "));

            browser.driver.findElement(By.cssSelector("#gt-rows tr[data-goid='" + parkedGoid + "']")).click();
            wait.withMessage("the row's stack").until(d -> d.findElement(By.id("gt-stack-box")).isDisplayed()
                    && d.findElement(By.id("gt-stack")).getText().contains(ParkedGoroutine.METHOD));
            assertEquals("G" + parkedGoid, browser.driver.findElement(By.id("gt-stack-title")).getText());
            assertTrue(browser.driver.findElement(By.id("gt-stack")).getText().contains("LockSupport.park"));

            Gmp.go(GoroutineTableBrowserTest::hogTheProcessorFor50Millis).join();
            browser.driver.findElement(By.id("gt-refresh")).click();
            wait.withMessage("the warnings banner").until(d -> d.findElement(By.id("warnings")).isDisplayed());
            browser.driver.findElement(By.id("warnings-summary")).click();
            wait.withMessage("a long-running warning with the hog's stack").until(d ->
                    d.findElements(By.cssSelector("#warnings-list .warning.long_running")).stream()
                            .anyMatch(w -> w.getText().contains("without yielding")));
            WebElement filter = browser.driver.findElement(By.id("gt-filter"));
            filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            wait.withMessage("every row again once the filter is empty").until(d -> goids(browser).size() >= 8);
            browser.screenshot("goroutine-table.png", By.id("goroutines"));
            assertTrue(browser.consoleErrors().isEmpty(), "the page logged errors");
            release.countDown();
            busy.join();
            for (Thread g : sleepers) g.join();
        } finally {
            release.countDown();
        }
    }

    private static List<Long> goids(HeadlessChromium browser) {
        return browser.driver.findElements(By.cssSelector("#gt-rows tr[data-goid]")).stream()
                .map(tr -> Long.parseLong(tr.getAttribute("data-goid"))).toList();
    }

    /** The 1-based column {@code n} of the rows shown, as numbers. */
    private static List<Long> column(HeadlessChromium browser, int n) {
        return browser.driver.findElements(By.cssSelector("#gt-rows tr[data-goid] td:nth-child(" + n + ")")).stream()
                .map(WebElement::getText).map(Long::parseLong).toList();
    }

    private static void hogTheProcessorFor50Millis() {
        long end = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    private static void sleepUntil(CountDownLatch latch) {
        try {
            while (!latch.await(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
