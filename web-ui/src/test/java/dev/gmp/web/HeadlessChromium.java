package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, for the browser tests. Nothing is
 * downloaded: both paths are given explicitly, so Selenium Manager never runs. Screenshots land in
 * target/ for review.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");

    final ChromeDriver driver;
    private final Path profile;

    HeadlessChromium() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the browser test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with 'apt-get install -y chromium chromium-driver'");
        }
        profile = Files.createTempDirectory("gmp-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1440,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    /** The page's console errors since the last call. */
    List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(TARGET);
        Files.write(TARGET.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** A screenshot of the page cut to the box around {@code parts} (the whole page height is laid out first). */
    void screenshot(String name, By... parts) throws IOException {
        layOutWholePage();
        int top = Integer.MAX_VALUE, bottom = 0;
        for (By part : parts) {
            Rectangle r = driver.findElement(part).getRect();
            top = Math.min(top, r.getY());
            bottom = Math.max(bottom, r.getY() + r.getHeight());
        }
        BufferedImage page = ImageIO.read(new ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
        int from = Math.max(0, top - 8), to = Math.min(page.getHeight(), bottom + 8);
        Files.createDirectories(TARGET);
        ImageIO.write(page.getSubimage(0, from, page.getWidth(), to - from), "png", TARGET.resolve(name).toFile());
        driver.manage().window().setSize(new Dimension(1440, 900));
    }

    /** Saves what {@code element} shows as target/{@code name}. */
    void screenshot(WebElement element, String name) throws IOException {
        Files.createDirectories(TARGET);
        Files.write(TARGET.resolve(name), element.getScreenshotAs(OutputType.BYTES));
    }

    void fullPageScreenshot(String name) throws IOException {
        layOutWholePage();
        screenshot(name);
        driver.manage().window().setSize(new Dimension(1440, 900));
    }

    /** A window as tall as the page (at most 4000 px), scrolled to the top. */
    private void layOutWholePage() {
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1440, (int) Math.min(4000, height + 200)));
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
