package dev.gmp.jdktests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where an OpenJDK checkout keeps the tests that exercise virtual threads and their scheduler:
 * directories of them, and single tests in directories of others (chosen by file-name prefix).
 *
 * @param dir          relative to the checkout
 * @param namePrefixes the test files to take from it, by the start of their names; none for all
 */
record TestPlaces(String dir, List<String> namePrefixes) {

    TestPlaces(String dir, String... namePrefixes) {
        this(dir, List.of(namePrefixes));
    }

    static final List<TestPlaces> DEFAULT = List.of(
            new TestPlaces("test/jdk/java/lang/Thread/virtual"),
            // Thread.Builder for both kinds of thread; the JFR event of a sleep.
            new TestPlaces("test/jdk/java/lang/Thread", "BuilderTest", "ThreadSleepEvent"),
            new TestPlaces("test/jdk/java/net/vthread"),
            new TestPlaces("test/jdk/java/nio/channels/vthread"),
            new TestPlaces("test/jdk/java/lang/management/ThreadMXBean", "VirtualThread"),
            new TestPlaces("test/jdk/java/lang/ScopedValue"),
            new TestPlaces("test/jdk/jdk/management/VirtualThreadSchedulerMXBean"),
            // Thread-per-task executors, Future's and ExecutorService's defaults, thread flocks
            // (structured concurrency's base), each with platform and virtual threads.
            new TestPlaces("test/jdk/java/util/concurrent/ThreadPerTaskExecutor"),
            new TestPlaces("test/jdk/java/util/concurrent/ExecutorService"),
            new TestPlaces("test/jdk/java/util/concurrent/Future"),
            new TestPlaces("test/jdk/jdk/internal/misc/ThreadFlock"),
            // JFR with many, nested and deep virtual threads; thread dumps; per-thread CPU and memory.
            new TestPlaces("test/jdk/jdk/jfr/threading"),
            new TestPlaces("test/jdk/com/sun/management/HotSpotDiagnosticMXBean", "DumpThreads"),
            new TestPlaces("test/jdk/com/sun/management/ThreadMXBean", "VirtualThreads"));

    /** Whether the test file {@code source} of this place's directory is one to run. */
    boolean takes(Path source) {
        String name = source.getFileName().toString();
        return namePrefixes.isEmpty() || namePrefixes.stream().anyMatch(name::startsWith);
    }

    /** The places that exist in {@code checkout}. */
    static List<Path> dirs(Path checkout) {
        return DEFAULT.stream().map(place -> checkout.resolve(place.dir())).filter(Files::isDirectory).distinct().toList();
    }

    /** The test sources of every place in {@code checkout}, in place order, sorted within one. */
    static List<Path> sources(Path checkout) throws IOException {
        List<Path> all = new ArrayList<>();
        for (TestPlaces place : DEFAULT) {
            Path dir = checkout.resolve(place.dir());
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .filter(place::takes)
                        .sorted().forEach(all::add);
            }
        }
        return all;
    }
}
