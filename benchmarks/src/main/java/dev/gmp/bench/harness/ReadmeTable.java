package dev.gmp.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's copy of the side-by-side table, which {@code ./gmp bench} writes with RESULTS.md so
 * that no figure in the README is typed by hand: the block between {@link #BEGIN} and
 * {@link #END} is replaced whole.
 */
final class ReadmeTable {
    private ReadmeTable() {}

    static final String BEGIN = "<!-- results table: written by ./gmp bench with benchmarks/RESULTS.md; do not edit -->";
    static final String END = "<!-- end of results table -->";

    /** {@code readme} with the block's contents replaced by {@code table}. */
    static String withTable(String readme, String table) {
        int from = blockStart(readme);
        return readme.substring(0, from) + "\n" + table + readme.substring(readme.indexOf(END));
    }

    /** The table inside the README's block. */
    static String tableIn(String readme) {
        return readme.substring(blockStart(readme), readme.indexOf(END)).strip() + "\n";
    }

    /** Where the block's contents start, just after {@link #BEGIN}; throws when the README has no block. */
    private static int blockStart(String readme) {
        int begin = readme.indexOf(BEGIN);
        if (begin < 0 || readme.indexOf(END) < begin) {
            throw new IllegalArgumentException("the README has no results block: it needs the lines\n" + BEGIN + "\n" + END);
        }
        return begin + BEGIN.length();
    }

    /** The side-by-side table of a RESULTS.md: from its "| workload |" header to the first blank line. */
    static String tableOfResults(String results) {
        int from = results.indexOf("| workload |");
        if (from < 0) {
            throw new IllegalArgumentException("no side-by-side table in the results");
        }
        int to = results.indexOf("\n\n", from);
        return results.substring(from, to < 0 ? results.length() : to + 1);
    }

    /** Rewrites the block of the README beside {@code resultsFile}'s folder (the repository's), if it has one. */
    static boolean update(Path resultsFile, String table) throws IOException {
        Path readme = resultsFile.toAbsolutePath().getParent().resolveSibling("README.md");
        if (!Files.isRegularFile(readme)) {
            return false;
        }
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        if (!text.contains(BEGIN)) {
            return false;
        }
        Files.writeString(readme, withTable(text, table), StandardCharsets.UTF_8);
        return true;
    }
}
