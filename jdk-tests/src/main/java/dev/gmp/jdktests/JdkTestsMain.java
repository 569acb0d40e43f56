package dev.gmp.jdktests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ./gmp jdk-tests OPENJDK_CHECKOUT [options]}: compiles an OpenJDK checkout's virtual-thread
 * tests and runs every {@code @run main} and {@code @run junit} line of them under gmp's agent and
 * on the JDK's own scheduler, at each P count asked for, then lists where gmp's outcome differs.
 * A test that fails on both sides (a test newer or older than this JDK) is not gmp's.
 */
public final class JdkTestsMain {
    private JdkTestsMain() {}

    private static final String USAGE = """
            usage: ./gmp jdk-tests OPENJDK_CHECKOUT [--procs 2[,1,...]] [--only NAME,...] [--jdk on|off]
                                   [--timeout-factor F] [--agent JAR] [--work DIR]
              OPENJDK_CHECKOUT  a clone of github.com/openjdk/jdk (or jdk25u) at the JDK's version: its test/ tree
              --procs           GOMAXPROCS for gmp, and the JDK scheduler's parallelism, per run (default 2)
              --only            run only the @run lines whose file name or line contains one of these
              --jdk off         skip the JDK-scheduler side (default on: a difference needs both)
              --timeout-factor  multiplies jtreg's timeouts (default 1; 120 s when a test names none)
              --agent           gmp's agent jar (default agent/target/gmp-agent.jar)
              --work            build and log directory (default jdk-tests/target/work)""";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("gmp jdk-tests: " + bad.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    record Options(Path checkout, List<Integer> procs, List<String> only, boolean jdkSide, double timeoutFactor, Path agent, Path work) {
        static Options parse(String[] args) {
            if (args.length == 0 || args[0].startsWith("-")) throw new IllegalArgumentException("the OpenJDK checkout is missing");
            Path checkout = Path.of(args[0]).toAbsolutePath();
            if (!Files.isDirectory(checkout.resolve("test/jdk/java/lang/Thread/virtual"))) {
                throw new IllegalArgumentException(checkout + " has no test/jdk/java/lang/Thread/virtual: not an OpenJDK checkout");
            }
            List<Integer> procs = List.of(2);
            List<String> only = List.of();
            boolean jdkSide = true;
            double factor = 1;
            Path agent = Path.of("agent/target/gmp-agent.jar").toAbsolutePath();
            Path work = Path.of("jdk-tests/target/work").toAbsolutePath();
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException(option + " needs a value");
                String value = args[++i];
                switch (option) {
                    case "--procs" -> procs = Arrays.stream(value.split(",")).map(v -> positive(option, v)).toList();
                    case "--only" -> only = List.of(value.split(","));
                    case "--jdk" -> jdkSide = switch (value) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--jdk " + value + ": valid: on or off");
                    };
                    case "--timeout-factor" -> {
                        try {
                            factor = Double.parseDouble(value);
                        } catch (NumberFormatException e) {
                            factor = -1;
                        }
                        if (!(factor > 0)) throw new IllegalArgumentException("--timeout-factor " + value + ": valid: a number above 0");
                    }
                    case "--agent" -> agent = Path.of(value).toAbsolutePath();
                    case "--work" -> work = Path.of(value).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (!Files.isRegularFile(agent)) throw new IllegalArgumentException("no agent jar at " + agent + " (./gmp jdk-tests builds it)");
            return new Options(checkout, procs, only, jdkSide, factor, agent, work);
        }

        private static int positive(String option, String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + " " + value + ": valid: whole numbers from 1, separated by commas");
        }
    }

    /** A run line's name in the table, the log names and {@code --only}: its file and the line as written. */
    private static String name(Path source, RunLine run) {
        return source.getFileName() + ": " + run.text();
    }

    /** One line of the table: a run line, with its outcome on each side and P count. */
    private record Row(Path source, RunLine run, String skipped, List<TestJvm.Outcome> gmp, List<TestJvm.Outcome> jdk) {
        String name() {
            return JdkTestsMain.name(source, run);
        }

        /** Runs that failed under gmp and passed on the JDK's scheduler (or were not run there). */
        List<TestJvm.Outcome> gmpOnlyFailures() {
            List<TestJvm.Outcome> failures = new ArrayList<>();
            for (int i = 0; i < gmp.size(); i++) {
                if (!gmp.get(i).passed() && (jdk.isEmpty() || jdk.get(i).passed())) failures.add(gmp.get(i));
            }
            return failures;
        }

        /** Why each of gmp's own failures is by design (KnownDifferences), or empty when one is not. */
        Optional<String> byDesign() {
            List<TestJvm.Outcome> failures = gmpOnlyFailures();
            Optional<String> why = Optional.empty();
            for (TestJvm.Outcome failure : failures) {
                why = KnownDifferences.byDesign(source.getFileName().toString(), failure.failedTests());
                if (why.isEmpty()) return why;
            }
            return why;
        }

        boolean gmpWorseThanJdk() {
            return !gmpOnlyFailures().isEmpty() && byDesign().isEmpty();
        }
    }

    static int run(Options options) throws IOException, InterruptedException {
        // Absolute: the test JVMs run in the log directory.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        TestBuild build = new TestBuild(options.checkout(), options.work(), classPath);
        for (String failed : build.buildNatives(TestPlaces.dirs(options.checkout()))) {
            System.out.println("gmp jdk-tests: cannot build " + failed + "; tests that load it fail on both sides");
        }
        TestJvm jvm = new TestJvm(build, classPath, options.work().resolve("logs"), options.timeoutFactor());
        Requirements requirements = Requirements.ofThisJvm();
        List<Row> rows = new ArrayList<>();
        for (Path source : TestPlaces.sources(options.checkout())) {
            for (JtregTest test : JtregTags.parse(source)) {
                List<RunLine> wanted = test.runs().stream().filter(r -> selected(options, source, r)).toList();
                if (wanted.isEmpty()) continue;
                Optional<String> unmet = requirements.unmet(test.requires());
                Optional<String> compileError = unmet.isPresent() ? Optional.empty() : build.compile(test);
                for (RunLine run : wanted) {
                    String name = name(source, run);
                    String skipped = unmet.orElse(compileError.map(e -> "does not compile here: " + e).orElse(null));
                    List<TestJvm.Outcome> gmp = new ArrayList<>(), jdk = new ArrayList<>();
                    if (skipped == null) {
                        for (int procs : options.procs()) {
                            gmp.add(jvm.run(name, test, run, Optional.of(options.agent()), procs));
                            if (options.jdkSide()) jdk.add(jvm.run(name, test, run, Optional.empty(), procs));
                        }
                    }
                    Row row = new Row(source, run, skipped, gmp, jdk);
                    System.out.println(line(row, options));
                    rows.add(row);
                }
            }
        }
        String report = report(rows, options);
        Path file = options.work().resolve("report.md");
        Files.writeString(file, report);
        System.out.println();
        System.out.print(report);
        System.out.println("(written to " + file + ")");
        return rows.stream().anyMatch(Row::gmpWorseThanJdk) ? 1 : 0;
    }

    private static boolean selected(Options options, Path source, RunLine run) {
        return options.only().isEmpty() || options.only().stream().anyMatch(name(source, run)::contains);
    }

    private static String line(Row row, Options options) {
        if (row.skipped() != null) return "SKIP  " + row.name() + " (" + row.skipped() + ")";
        StringBuilder b = new StringBuilder(row.gmpWorseThanJdk() ? "DIFF  " : row.gmpOnlyFailures().isEmpty() ? "      " : "KNOWN ");
        for (int i = 0; i < options.procs().size(); i++) {
            b.append(String.format(Locale.ROOT, "gmp %dP %-9s %5.1fs  ", options.procs().get(i), word(row.gmp().get(i)), row.gmp().get(i).seconds()));
            if (!row.jdk().isEmpty()) {
                b.append(String.format(Locale.ROOT, "jdk %-9s %5.1fs  ", word(row.jdk().get(i)), row.jdk().get(i).seconds()));
            }
        }
        return b.append(row.name()).toString();
    }

    private static String word(TestJvm.Outcome outcome) {
        return outcome.passed() ? "passed" : outcome.verdict().startsWith("timed") ? "TIMEOUT" : "FAILED";
    }

    private static String report(List<Row> rows, Options options) {
        StringBuilder b = new StringBuilder("# The JDK's virtual-thread tests under gmp\n\n");
        b.append("Checkout: ").append(options.checkout()).append("; JDK ").append(Runtime.version())
                .append("; P counts ").append(options.procs()).append("; ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs.\n\n");
        long ran = rows.stream().filter(r -> r.skipped() == null).count();
        long gmpPassed = rows.stream().filter(r -> r.skipped() == null && r.gmp().stream().allMatch(TestJvm.Outcome::passed)).count();
        long jdkPassed = rows.stream().filter(r -> r.skipped() == null && !r.jdk().isEmpty()
                && r.jdk().stream().allMatch(TestJvm.Outcome::passed)).count();
        b.append(String.format(Locale.ROOT, "- %d @run lines ran, %d skipped%n", ran, rows.size() - ran));
        b.append(String.format(Locale.ROOT, "- passed at every P count: %d under gmp%s%n", gmpPassed,
                options.jdkSide() ? ", " + jdkPassed + " on the JDK's scheduler" : ""));
        List<Row> worse = rows.stream().filter(Row::gmpWorseThanJdk).toList();
        b.append(options.jdkSide() ? "- failed under gmp where the JDK's scheduler passed: " : "- failed under gmp (the JDK's scheduler not run: --jdk off): ")
                .append(worse.isEmpty() ? "none" : worse.size()).append("\n");
        for (Row row : worse) {
            b.append("  - ").append(row.name()).append("\n");
            for (TestJvm.Outcome o : row.gmp()) {
                if (o.passed()) continue;
                b.append("    - ").append(o.verdict()).append(", log ").append(o.log()).append("\n");
                o.summary().forEach(s -> b.append("      `").append(s.length() > 200 ? s.substring(0, 200) + "…" : s).append("`\n"));
            }
        }
        List<Row> known = rows.stream().filter(r -> !r.gmpOnlyFailures().isEmpty() && r.byDesign().isPresent()).toList();
        if (!known.isEmpty()) {
            b.append("- failed under gmp by design (README, Limits):\n");
            known.forEach(r -> b.append("  - ").append(r.name()).append(": ").append(r.byDesign().orElseThrow()).append("\n"));
        }
        List<Row> both = rows.stream().filter(r -> r.skipped() == null && r.gmpOnlyFailures().isEmpty()
                && r.gmp().stream().anyMatch(o -> !o.passed())).toList();
        if (!both.isEmpty()) {
            b.append("- failed on both sides (not gmp's: a test of another JDK version, or of the machine):\n");
            both.forEach(r -> b.append("  - ").append(r.name()).append("\n"));
        }
        return b.toString();
    }
}
