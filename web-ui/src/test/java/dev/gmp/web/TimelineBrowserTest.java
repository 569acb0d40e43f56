package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.sched.Sched;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's timeline in headless Chromium: a lane per P drawn from the flight recorder,
 * redrawn as new windows arrive, and a click on a slice showing its goroutine and stack.
 * Screenshot for review: target/timeline.png.
 */
class TimelineBrowserTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final int PROCS = 3;

    private HeadlessChromium chromium;
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @BeforeEach
    void openBrowser() throws Exception {
        chromium = new HeadlessChromium();
        Gmp.gomaxprocs(PROCS);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (chromium != null) chromium.close();
    }

    private String canvasData(String name) {
        return chromium.driver.findElement(By.id("timeline")).getDomAttribute("data-" + name);
    }

    @Test
    void theTimelineDrawsALaneForEveryPUpdatesLiveAndAClickOnASliceShowsItsGoroutine() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong napperGoid = new AtomicLong();
        Thread napper = Gmp.go(() -> {
            napperGoid.set(Sched.get().currentG().goid);
            napsForTheTimelineTest(stop);
        });
        List<Thread> background = new ArrayList<>();
        for (int i = 0; i < 6; i++) background.add(Gmp.go(() -> worksInShortBursts(stop))); // fills the lanes
        while (napperGoid.get() == 0) Thread.sleep(1);
        try (Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            var driver = chromium.driver;
            driver.get(dashboard.url());
            WebDriverWait wait = new WebDriverWait(driver, GUARD);
            wait.withMessage("a lane per P").until(d -> canvasData("lanes") != null
                    && List.of(canvasData("lanes").split(",")).containsAll(List.of("P0", "P1", "P2")));
            String firstEnd = canvasData("to");
            wait.withMessage("the timeline polls again and draws a later window").until(d ->
                    Long.parseLong(canvasData("to")) > Long.parseLong(firstEnd));
            wait.withMessage("the napper's slices are in the window").until(d -> ((JavascriptExecutor) d).executeScript(
                    "return gmpTimeline.longestSliceOf(" + napperGoid.get() + ")") != null);

            ((JavascriptExecutor) driver).executeScript("document.getElementById('tl-live').click()"); // hold still
            ((JavascriptExecutor) driver).executeScript("document.getElementById('timeline').parentElement.scrollIntoView()");
            WebElement canvas = driver.findElement(By.id("timeline"));
            @SuppressWarnings("unchecked")
            Map<String, Object> slice = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                    "const l = gmpTimeline.longestSliceOf(" + napperGoid.get() + ");"
                            + " return l && Object.assign(gmpTimeline.sliceCentre(l.lane, l.k), {lane: l.lane})");
            assertTrue(slice != null, "the napper's slices are still in the window");
            String lane = (String) slice.get("lane");
            long goid = ((Number) slice.get("goid")).longValue();
            assertEquals(napperGoid.get(), goid);
            int dx = (int) Math.round(((Number) slice.get("x")).doubleValue() - canvas.getSize().getWidth() / 2.0);
            int dy = (int) Math.round(((Number) slice.get("y")).doubleValue() - canvas.getSize().getHeight() / 2.0);
            new Actions(driver).moveToElement(canvas, dx, dy).click().perform();

            wait.withMessage("the detail names the clicked slice's G").until(d ->
                    d.findElement(By.id("tl-detail")).isDisplayed()
                            && String.valueOf(goid).equals(d.findElement(By.cssSelector("#tl-detail .tl-head")).getDomAttribute("data-goid")));
            String head = driver.findElement(By.cssSelector("#tl-detail .tl-head")).getText();
            assertTrue(head.startsWith("G" + goid + " on " + lane + " (M")
                            && (head.contains("ended: park") || head.contains("still running")),
                    "the napper's longest slice, an 8 ms spin ended by its sleep: " + head);
            wait.withMessage("the detail shows the napper's current stack").until(d ->
                    d.findElement(By.cssSelector("#tl-detail pre")).getText().contains("napsForTheTimelineTest"));
            chromium.screenshot(canvas.findElement(By.xpath("..")), "timeline.png");
            assertEquals(List.of(), chromium.consoleErrors(), "the page logged errors");
        } finally {
            stop.set(true);
            assertTrue(napper.join(Duration.ofSeconds(10)));
            for (Thread t : background) assertTrue(t.join(Duration.ofSeconds(10)));
        }
    }

    /** Spins 50 µs, sleeps 1 ms, again: many short slices. */
    private static void worksInShortBursts(AtomicBoolean stop) {
        while (!stop.get()) {
            long end = System.nanoTime() + 50_000;
            while (System.nanoTime() < end) Thread.onSpinWait();
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Spins 8 ms, sleeps 20 ms, again: long slices of a G that stays live. */
    private static void napsForTheTimelineTest(AtomicBoolean stop) {
        while (!stop.get()) {
            long end = System.nanoTime() + 8_000_000;
            while (System.nanoTime() < end) Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
