package dev.gmp.jdktests;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the tests of an OpenJDK checkout with the library they name ({@code test/lib}) and builds
 * their native libraries ({@code lib*.c}) with the C compiler, once, into a work directory.
 */
final class TestBuild {
    private final Path jdkSources;
    private final Path classes;
    private final Path natives;
    private final String junitClassPath;
    /** javac's outcome by source, @modules and @library: a source with several @test blocks is compiled once. */
    private final Map<List<Object>, Optional<String>> compiled = new HashMap<>();
    private final Map<Path, List<String>> helpersByDir = new HashMap<>();

    TestBuild(Path jdkSources, Path work, String junitClassPath) throws IOException {
        this.jdkSources = jdkSources;
        this.classes = Files.createDirectories(work.resolve("classes"));
        this.natives = Files.createDirectories(work.resolve("native"));
        this.junitClassPath = junitClassPath;
    }

    Path classes() {
        return classes;
    }

    Path natives() {
        return natives;
    }

    /**
     * Compiles one test source; empty when it compiled, else javac's first errors. A source with
     * several {@code @test} blocks (one per variant) is compiled once.
     */
    Optional<String> compile(JtregTest test) {
        return compiled.computeIfAbsent(List.of(test.source(), test.modules(), test.libraries()), key -> javac(test));
    }

    private Optional<String> javac(JtregTest test) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn", "-XDsuppressNotes",
                "-cp", junitClassPath + java.io.File.pathSeparator + classes,
                "-sourcepath", sourcePath(test)));
        options.addAll(ModuleOptions.forCompiler(test.modules()));
        options.add(test.source().toString());
        try {
            options.addAll(helpers(test.source().getParent()));
        } catch (IOException e) {
            return Optional.of("cannot list " + test.source().getParent() + ": " + e);
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, errors, errors, options.toArray(String[]::new)) == 0) return Optional.empty();
        return Optional.of(errors.toString().lines().filter(l -> l.contains("error:")).limit(2).reduce((a, b) -> a + " | " + b)
                .orElse("javac failed"));
    }

    /**
     * Where javac looks for what a test names: the JDK's test library, the libraries of its
     * {@code @library} tag, and its own directory. As in jtreg with OpenJDK's TEST.ROOT, an absolute
     * entry is looked up in the test suite ({@code test/jdk}) and then in the checkout's root (so
     * {@code /test/lib} is the test library), and a relative one in the test's directory.
     */
    String sourcePath(JtregTest test) {
        Path dir = test.source().getParent();
        Path testLib = jdkSources.resolve("test/lib");
        List<Path> roots = new ArrayList<>(List.of(testLib));
        for (String library : test.libraries()) {
            Path root;
            if (library.startsWith("/")) {
                Path inSuite = jdkSources.resolve("test/jdk").resolve(library.substring(1));
                root = Files.isDirectory(inSuite) ? inSuite : jdkSources.resolve(library.substring(1));
            } else {
                root = dir.resolve(library).normalize();
            }
            if (!roots.contains(root)) roots.add(root);
        }
        roots.add(dir);
        return String.join(java.io.File.pathSeparator, roots.stream().map(Path::toString).toList());
    }

    /**
     * The sources in {@code dir} that are no tests: helpers a test may name only in strings (JUnit's
     * {@code @DisabledIf("LockingMode#isLegacy")}), which javac would not find through the source path.
     * Read once per directory.
     */
    private List<String> helpers(Path dir) throws IOException {
        List<String> helpers = helpersByDir.get(dir);
        if (helpers == null) {
            try (Stream<Path> files = Files.list(dir)) {
                helpers = files.filter(f -> f.toString().endsWith(".java") && !isTest(f)).map(Path::toString).sorted().toList();
            }
            helpersByDir.put(dir, helpers);
        }
        return helpers;
    }

    private static boolean isTest(Path source) {
        try {
            return Files.readString(source).contains("@test");
        } catch (IOException e) {
            return true; // unreadable: leave it out
        }
    }

    /**
     * Builds every {@code lib*.c} under {@code dirs} and the test library's thread helpers into
     * {@link #natives()}. Returns what could not be built (no C compiler: the tests that load them fail alike on both sides).
     */
    List<String> buildNatives(List<Path> dirs) throws IOException, InterruptedException {
        List<Path> sources = new ArrayList<>();
        List<Path> roots = new ArrayList<>(dirs);
        roots.add(jdkSources.resolve("test/lib/jdk/test/lib/thread"));
        for (Path dir : roots) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                // A directory may hold another place's (Thread holds Thread/virtual): each source once.
                files.filter(f -> f.getFileName().toString().matches("lib\\w+\\.c(pp)?") && !sources.contains(f)).forEach(sources::add);
            }
        }
        Path exportHeader = natives.resolve("export.h"); // what OpenJDK's build gives its test natives
        Files.writeString(exportHeader, "#define EXPORT __attribute__((visibility(\"default\")))\n");
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> failed = new ArrayList<>();
        for (Path source : sources) {
            String name = source.getFileName().toString().replaceFirst("\\.c(pp)?$", "");
            Path out = natives.resolve(name + ".so");
            String compiler = source.toString().endsWith(".cpp") ? "c++" : "cc";
            Process cc;
            try {
                cc = new ProcessBuilder(compiler, "-shared", "-fPIC", "-O1", "-I", natives.toString(),
                        "-I", javaHome.resolve("include").toString(), "-I", javaHome.resolve("include/linux").toString(),
                        "-o", out.toString(), source.toString()).redirectErrorStream(true).start();
            } catch (IOException noCompiler) {
                failed.add(source.getFileName() + " (" + compiler + ": " + noCompiler.getMessage() + ")");
                continue;
            }
            String output = new String(cc.getInputStream().readAllBytes());
            if (cc.waitFor() != 0) failed.add(source.getFileName() + " (" + output.lines().findFirst().orElse("") + ")");
        }
        return failed;
    }
}
