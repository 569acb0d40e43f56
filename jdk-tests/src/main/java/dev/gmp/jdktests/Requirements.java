package dev.gmp.jdktests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides jtreg's {@code @requires} for the JVM the tests run on: a product build of JDK 25 on
 * Linux, with continuations. Atoms ({@code vm.debug != true}, {@code vm.continuations},
 * {@code os.family == "linux"}) combine with {@code &}, {@code |}, {@code !} and parentheses; an
 * expression that depends on a property not known here is "not decided", and its test is skipped
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
                // jtreg's vm.gc names the collector its -vmoptions choose: none here.
                Map.entry("vm.gc", "null"),
                Map.entry("os.family", family),
                Map.entry("os.arch", arch),
                Map.entry("os.simpleArch", arch.equals("amd64") ? "x64" : arch)));
    }

    private static final Pattern COMPARISON = Pattern.compile("(!?)\\s*([\\w.]+)\\s*(?:(==|!=)\\s*\"?([^\"]*)\"?)?");

    /** An expression's value here: jtreg's two, and a third for what cannot be decided. */
    private enum Truth { TRUE, FALSE, UNKNOWN }

    /**
     * Empty when every expression holds; else why the test does not run here, naming the first
     * top-level conjunct that fails ("needs ...") or cannot be decided ("not decided: ...").
     */
    Optional<String> unmet(List<String> expressions) {
        for (String expression : expressions) {
            for (String conjunct : split(expression, '&')) {
                switch (value(conjunct)) {
                    case FALSE -> { return Optional.of("needs " + conjunct.strip()); }
                    case UNKNOWN -> { return Optional.of("not decided: @requires " + conjunct.strip()); }
                    case TRUE -> { }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * jtreg's grammar: {@code |} binds looser than {@code &}, {@code !} negates an atom or a
     * parenthesized group. Three-valued, so an unknown property does not matter where the rest
     * decides ({@code !vm.debug | vm.gc != "Z"} holds on a product build whatever vm.gc is).
     */
    private Truth value(String expression) {
        String e = expression.strip();
        List<String> any = split(e, '|');
        if (any.size() > 1) return combine(any, Truth.TRUE);
        List<String> all = split(e, '&');
        if (all.size() > 1) return combine(all, Truth.FALSE);
        if (e.startsWith("!") && e.substring(1).strip().startsWith("(")) {
            Truth inner = value(e.substring(1));
            return inner == Truth.UNKNOWN ? inner : inner == Truth.TRUE ? Truth.FALSE : Truth.TRUE;
        }
        if (e.startsWith("(") && e.endsWith(")")) {
            return value(e.substring(1, e.length() - 1));
        }
        Matcher m = COMPARISON.matcher(e);
        if (!m.matches() || !properties.containsKey(m.group(2))) return Truth.UNKNOWN;
        String actual = properties.get(m.group(2));
        boolean holds = m.group(3) == null ? actual.equals("true") : actual.equals(m.group(4).strip()) == m.group(3).equals("==");
        return holds != m.group(1).equals("!") ? Truth.TRUE : Truth.FALSE;
    }

    /**
     * The parts' values under {@code |} ({@code decisive} TRUE) or {@code &} (FALSE): decisive as
     * soon as one part is, else unknown when one part is, else the other value.
     */
    private Truth combine(List<String> parts, Truth decisive) {
        Truth result = decisive == Truth.TRUE ? Truth.FALSE : Truth.TRUE;
        for (String part : parts) {
            Truth t = value(part);
            if (t == decisive) return decisive;
            if (t == Truth.UNKNOWN) result = Truth.UNKNOWN;
        }
        return result;
    }

    /** {@code e} split at {@code operator} outside parentheses; one part when there is none. */
    private static List<String> split(String e, char operator) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == operator && depth == 0) {
                parts.add(e.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(e.substring(start));
        return parts;
    }
}
