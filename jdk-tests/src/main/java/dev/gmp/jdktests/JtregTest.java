package dev.gmp.jdktests;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code @test} block of a jtreg test file.
 *
 * @param source   the test's source file
 * @param id       jtreg's {@code @test id=...}, or empty
 * @param requires the {@code @requires} expressions, each as written
 * @param modules  the {@code @modules} entries ({@code java.base/java.lang:+open}, {@code jdk.management}, ...)
 * @param libraries the {@code @library} entries as written ({@code /test/lib}, {@code ../lib}, ...)
 * @param runs     the lines this runner can execute, in order
 * @param skipped  the other {@code @run} lines (shell, driver, compile, build), as written
 */
record JtregTest(Path source, String id, List<String> requires, List<String> modules, List<String> libraries,
                 List<RunLine> runs, List<String> skipped) {
}
