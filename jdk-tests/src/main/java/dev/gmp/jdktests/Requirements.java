package dev.gmp.jdktests;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides jtreg's {@code @requires} for the JVM the tests run on: a product build of JDK 25 on
 * Linux, with continuations. Expressions are conjunctions of atoms ({@code vm.debug != true},
 * {@code vm.continuations}, {@code os.family == "linux"}); an atom about a property not known here,
 * or an expression with {@code |} or parentheses, makes the test "not decided", and it is skipped
 * with that reason rather than guessed.
 */
final class Requirements {
    private final Map<String, String> properties;

    Requirements(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    /** The properties of the JVM this runner runs in (its tests' JVMs are the same). */
    static Requirements ofThisJvm() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String family = os.contains("linux") ? "linux" : os.contains("mac") ? "mac" : os.contains("windows") ? "windows" : os;
        String arch = System.getProperty("os.arch", "");
        return new Requirements(Map.ofEntries(
                Map.entry("vm.continuations", "true"),
                Map.entry("vm.debug", "false"),
                Map.entry("vm.hasJFR", "true"),
                Map.entry("vm.flagless", "true"),
                Map.entry("vm.bits", "64"),
                Map.entry("vm.compMode", "Xmixed"),
                Map.entry("vm.opt.LockingMode", "2"),
                Map.entry("vm.gc.G1", "true"),
                Map.entry("vm.gc.Z", "true"),
                Map.entry("vm.gc.Serial", "true"),
                Map.entry("vm.gc.Parallel", "true"),
                Map.entry("os.family", family),
                Map.entry("os.arch", arch),
                Map.entry("os.simpleArch", arch.equals("amd64") ? "x64" : arch)));
    }

    private static final Pattern COMPARISON = Pattern.compile("(!?)\\s*([\\w.]+)\\s*(?:(==|!=)\\s*\"?([^\"]*)\"?)?");

    /** Empty when every expression holds; else why the test does not run here. */
    Optional<String> unmet(List<String> expressions) {
        for (String expression : expressions) {
            if (expression.contains("|") || expression.contains("(")) {
                return Optional.of("not decided: @requires " + expression);
            }
            for (String atom : expression.split("&")) {
                Matcher m = COMPARISON.matcher(atom.strip());
                if (!m.matches() || !properties.containsKey(m.group(2))) {
                    return Optional.of("not decided: @requires " + atom.strip());
                }
                String actual = properties.get(m.group(2));
                boolean holds = m.group(3) == null ? actual.equals("true") : actual.equals(m.group(4).strip()) == m.group(3).equals("==");
                if (holds == m.group(1).equals("!")) {
                    return Optional.of("needs " + atom.strip());
                }
            }
        }
        return Optional.empty();
    }
}
