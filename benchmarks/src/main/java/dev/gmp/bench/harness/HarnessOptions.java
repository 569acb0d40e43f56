package dev.gmp.bench.harness;

import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The harness's command line, parsed and validated in one place.
 *
 * @param size      QUICK with {@code --quick} (small sizes, for CI), else FULL
 * @param rounds    child JVMs per side and workload ({@code --rounds}; default 5, quick 1)
 * @param workloads the workloads to run ({@code --only a,b}; default all)
 * @param procs     gmp Ps and JDK parallelism for workloads that do not fix their own ({@code --procs}): each
 *                  such workload runs at every count, in this order
 * @param goMode    {@code --go}: "auto", "off" or a path
 * @param goAnchor  the Go anchor's main.go, or null when it is not measured (see {@link #noGoReason()})
 * @param goTwins   the directory of the project's own Go twins ({@code benchmarks/src/main/go}), or null
 *                  when Go is not measured or it is not found
 * @param goBinaries a directory of Go programs built beforehand ({@code --go DIR}, as in the bench kit:
 *                  one static binary per program, named as the program, and a VERSION file), or null
 * @param results   where to write the Markdown report, or null for none (quick runs, unless {@code --results})
 * @param note      a line for the report's notes ({@code --note}), or ""
 * @param list      {@code --list}: print the workloads and exit
 * @param help      {@code --help}
 */
record HarnessOptions(Size size, int rounds, List<Workload> workloads, List<Integer> procs, String goMode, Path goAnchor,
                      Path goTwins, Path goBinaries, Path results, String note, boolean list, boolean help) {

    static final int DEFAULT_ROUNDS = 5;
    static final int DEFAULT_QUICK_ROUNDS = 1;
    /** Where the Go anchor sits relative to the repository: shared/ is next to the checkout or inside it. */
    static final String ANCHOR = "shared/anchors/go/main.go";
    /** Where the project's own Go twins sit relative to the repository, one directory per program. */
    static final String TWINS = "benchmarks/src/main/go";

    static final String USAGE = """
            usage: ./gmp bench [--quick] [--rounds N] [--only W1,W2] [--procs N[,N...]] [--go auto|off|PATH] \
            [--results PATH] [--note TEXT] [--list]
              --quick         small sizes, 1 round: a smoke test (cold JVMs, so its figures are not results);
                  writes no report unless --results is given
              --rounds N      child JVMs per side and workload (default 5; quick 1)
              --only W1,W2    run only these workloads (see --list)
              --procs N,M     gmp Ps = JDK parallelism = GOMAXPROCS (default: available processors); with
                              several counts every workload runs at each; the 1-P workloads always use 1
              --go MODE       auto (default: if go is installed, build shared/anchors/go/main.go and the Go twins
                              in benchmarks/src/main/go; off in quick mode), off, the path of the anchor's main.go,
                              or a directory of Go programs built beforehand (the bench kit's go/)
              --results PATH  the Markdown report (default benchmarks/RESULTS.md for a full run of every
                              workload; none in quick mode or with --only, which print the table only)
              --note TEXT     a line added to the report's notes (e.g. what else loaded the machine)
              --list          print the workloads and exit""";

    /** Parses {@code args} relative to working directory {@code cwd}; throws with a clear message on bad input. */
    static HarnessOptions parse(List<String> args, Path cwd) {
        Size size = Size.FULL;
        Integer rounds = null;
        List<Workload> workloads = Workloads.all();
        List<Integer> procs = List.of(Runtime.getRuntime().availableProcessors());
        String go = "auto";
        Path results = null;
        String note = "";
        boolean list = false, help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> size = Size.QUICK;
                case "--rounds" -> rounds = positiveInt(arg, value(args, ++i, arg));
                case "--only" -> workloads = workloadList(value(args, ++i, arg));
                case "--procs" -> procs = procsList(value(args, ++i, arg));
                case "--go" -> go = value(args, ++i, arg);
                case "--results" -> results = cwd.resolve(value(args, ++i, arg));
                case "--note" -> note = value(args, ++i, arg);
                case "--list" -> list = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (rounds == null) {
            rounds = size == Size.QUICK ? DEFAULT_QUICK_ROUNDS : DEFAULT_ROUNDS;
        }
        // RESULTS.md (and the README's copy of its table) holds whole tables only: a partial run prints.
        if (results == null && wholeRun(size, workloads) && !list && !help) {
            Path dir = cwd.resolve("benchmarks");
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("no benchmarks/ directory in " + cwd
                        + " for RESULTS.md: run from the repository root or pass --results PATH");
            }
            results = dir.resolve("RESULTS.md");
        }
        boolean measuresGo = !go.equals("off") && !(go.equals("auto") && size == Size.QUICK);
        Path binaries = measuresGo && !go.equals("auto") && Files.isDirectory(cwd.resolve(go)) ? cwd.resolve(go) : null;
        Path anchor = measuresGo && binaries == null ? goAnchor(go, cwd) : null;
        Path twins = measuresGo && binaries == null ? findAbove(cwd, TWINS, Files::isDirectory) : null;
        return new HarnessOptions(size, rounds, workloads, procs, go, anchor, twins, binaries, results, note, list, help);
    }

    /** Whether this run measures the whole table at full size: only such a run is results. */
    boolean wholeRun() {
        return wholeRun(size, workloads);
    }

    private static boolean wholeRun(Size size, List<Workload> workloads) {
        return size == Size.FULL && workloads.equals(Workloads.all());
    }

    /** Why the anchor is not measured, when {@link #goAnchor()} is null. */
    String noGoReason() {
        if (goMode.equals("off")) {
            return "--go off";
        }
        return size == Size.QUICK ? "quick mode (Go's figures are for the full sizes)" : ANCHOR + " not found above the working directory";
    }

    private static Path goAnchor(String go, Path cwd) {
        return switch (go) {
            case "auto" -> findAbove(cwd, ANCHOR, Files::isRegularFile);
            default -> {
                Path path = cwd.resolve(go);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("--go: no file " + path
                            + "; valid: auto, off, the path of the Go anchor's main.go, or a directory of built Go programs");
                }
                yield path;
            }
        };
    }

    /** {@code relative} (a file or directory, as {@code exists} tests) in the working directory or one of its parents, or null. */
    static Path findAbove(Path cwd, String relative, Predicate<Path> exists) {
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (exists.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positiveInt(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number >= 1, got '" + value + "'");
    }

    /** {@code --procs}: counts separated by commas, each at least 1, none twice. */
    private static List<Integer> procsList(String value) {
        List<Integer> counts = new ArrayList<>();
        for (String count : value.split(",", -1)) {
            int n = positiveInt("--procs", count.trim());
            if (counts.contains(n)) {
                throw new IllegalArgumentException("--procs names " + n + " twice in '" + value + "'");
            }
            counts.add(n);
        }
        return List.copyOf(counts);
    }

    private static List<Workload> workloadList(String names) {
        List<Workload> chosen = new ArrayList<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                chosen.add(Workloads.byName(name.trim()));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one workload; valid: " + Workloads.names());
        }
        return List.copyOf(chosen);
    }
}
