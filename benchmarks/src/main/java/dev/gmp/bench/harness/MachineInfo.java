package dev.gmp.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The facts a reader needs to weigh the figures: machine, JDK, gmp commit, date, load. */
record MachineInfo(String cpu, int cores, String memory, String os, String jdk, String commit, String date,
                   String loadAtStart) {

    static MachineInfo probe(Path repo) {
        return new MachineInfo(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                        + System.getProperty("java.runtime.version"),
                commit(repo),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).format(Instant.now().atOffset(ZoneOffset.UTC)),
                loadAverage());
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (double) (1L << 30));
        }
        return "unknown";
    }

    /** Names the gmp commit where there is no git checkout: the bench kit's run.sh sets it to the commit it was built from. */
    static final String COMMIT_PROPERTY = "gmp.bench.commit";

    /** The checked-out commit, marked when tracked files differ from it; outside git {@link #COMMIT_PROPERTY}, else "unknown". */
    static String commit(Path repo) {
        String head = git(repo, "rev-parse", "--short=12", "HEAD");
        if (head == null || head.isBlank()) {
            return System.getProperty(COMMIT_PROPERTY, "unknown");
        }
        String changes = git(repo, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isBlank() ? head.strip() : head.strip() + " (with uncommitted changes)";
    }

    private static String git(Path repo, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
