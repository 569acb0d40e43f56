package dev.gmp.jdktests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads jtreg's tags from a test's source: every comment that starts with {@code @test} is one
 * test, its tags run to the end of that comment, and a tag's text runs until the next tag (so a
 * {@code @run} line may continue over several lines). Only what the runner needs is kept.
 */
final class JtregTags {
    private JtregTags() {}

    private static final Pattern TEST_COMMENT = Pattern.compile("/\\*\\*?\\s*\\*?\\s*@test\\b(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("@(\\w+)");
    private static final Pattern KIND = Pattern.compile("(\\w+)((?:/[\\w=.]+)*)");
    /** JVM options whose value is the next word. */
    private static final Set<String> TWO_WORD_OPTIONS = Set.of(
            "--add-opens", "--add-exports", "--add-reads", "--add-modules", "--limit-modules", "-cp", "-classpath",
            "--class-path", "-p", "--module-path");

    static List<JtregTest> parse(Path source) throws IOException {
        return parse(source, Files.readString(source));
    }

    static List<JtregTest> parse(Path source, String text) {
        List<JtregTest> tests = new ArrayList<>();
        Matcher comment = TEST_COMMENT.matcher(text);
        while (comment.find()) {
            tests.add(test(source, "@test" + comment.group(1)));
        }
        return tests;
    }

    private static JtregTest test(Path source, String block) {
        String id = "";
        List<String> requires = new ArrayList<>(), modules = new ArrayList<>(), libraries = new ArrayList<>(), skipped = new ArrayList<>();
        List<RunLine> runs = new ArrayList<>();
        for (String[] tag : tags(block)) {
            String name = tag[0], value = tag[1];
            switch (name) {
                case "test" -> {
                    Matcher m = Pattern.compile("id=(\\S+)").matcher(value);
                    if (m.find()) id = m.group(1);
                }
                case "requires" -> requires.add(value);
                case "modules" -> modules.addAll(words(value));
                case "library" -> libraries.addAll(words(value));
                case "run" -> {
                    RunLine run = runLine(value);
                    if (run == null) skipped.add(value);
                    else runs.add(run);
                }
                default -> { }
            }
        }
        return new JtregTest(source, id, List.copyOf(requires), List.copyOf(modules), List.copyOf(libraries), List.copyOf(runs),
                List.copyOf(skipped));
    }

    /** The block's tags as {name, text}, the text with the comment's leading stars and line breaks removed. */
    private static List<String[]> tags(String block) {
        StringBuilder flat = new StringBuilder();
        for (String line : block.split("\n")) {
            flat.append(line.strip().replaceFirst("^\\*+", "").strip()).append(' ');
        }
        String text = flat.toString();
        List<String[]> tags = new ArrayList<>();
        Matcher tag = TAG.matcher(text);
        List<int[]> starts = new ArrayList<>();
        while (tag.find()) {
            // A tag starts a line's text; an @ inside a value (an email, @{code}) does not.
            if (tag.start() == 0 || text.charAt(tag.start() - 1) == ' ') starts.add(new int[] {tag.start(), tag.end()});
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            tags.add(new String[] {text.substring(starts.get(i)[0] + 1, starts.get(i)[1]),
                    text.substring(starts.get(i)[1], end).strip()});
        }
        return tags;
    }

    /** A {@code main} or {@code junit} line, or null for the kinds this runner does not execute. */
    static RunLine runLine(String value) {
        List<String> words = words(value);
        if (words.isEmpty()) return null;
        Matcher kind = KIND.matcher(words.get(0));
        if (!kind.matches()) return null;
        String what = kind.group(1);
        if (!what.equals("main") && !what.equals("junit")) return null; // shell, driver, compile, build, ...
        boolean junit = what.equals("junit");
        int timeout = RunLine.DEFAULT_TIMEOUT_SECONDS;
        for (String flag : kind.group(2).split("/")) {
            if (flag.startsWith("timeout=")) timeout = Integer.parseInt(flag.substring("timeout=".length()));
        }
        List<String> options = new ArrayList<>();
        int i = 1;
        for (; i < words.size() && words.get(i).startsWith("-"); i++) {
            options.add(words.get(i));
            if (TWO_WORD_OPTIONS.contains(words.get(i)) && i + 1 < words.size()) options.add(words.get(++i));
        }
        if (i >= words.size()) return null; // no class: not a line to run
        return new RunLine(value, junit, timeout, List.copyOf(options), words.get(i), List.copyOf(words.subList(i + 1, words.size())));
    }

    private static List<String> words(String value) {
        String trimmed = value.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
