package dev.gmp.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4, written from the
 * format's specification. It rejects, naming the line, everything a Prometheus server would
 * refuse or misread: bad metric or label names, bad escapes, values Go's ParseFloat would not
 * take, a TYPE after its samples, a family whose lines are not contiguous, duplicate series,
 * duplicate HELP/TYPE, and an unterminated last line; and histograms the specification forbids: a
 * bucket without {@code le}, no {@code le="+Inf"} bucket, buckets that are not cumulative (counts
 * falling as {@code le} grows), a {@code _count} other than the +Inf bucket.
 */
final class PrometheusTextParser {
    record Sample(String name, Map<String, String> labels, double value) {}

    static final class Family {
        final String name;
        String type = "untyped";
        boolean typed;
        String help;
        final List<Sample> samples = new ArrayList<>();

        Family(String name) {
            this.name = name;
        }

        double value(Map<String, String> labels) {
            return samples.stream().filter(s -> s.labels().equals(labels)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no sample with labels " + labels)).value();
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> closedFamilies = new java.util.HashSet<>();
    private final Set<String> seenSeries = new java.util.HashSet<>();
    private Family current;
    private int lineNumber;

    private PrometheusTextParser() {}

    /** Families by name, in order of appearance. */
    static Map<String, Family> parse(String text) {
        PrometheusTextParser parser = new PrometheusTextParser();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line is not terminated by \\n");
        }
        for (String line : text.split("\n", -1)) {
            parser.lineNumber++;
            parser.line(line);
        }
        parser.lineNumber = 0;
        parser.families.values().stream().filter(f -> f.type.equals("histogram")).forEach(parser::checkHistogram);
        return parser.families;
    }

    /** Per series (labels other than le): cumulative buckets up to +Inf, and _count equal to that. */
    private void checkHistogram(Family f) {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples) {
            Map<String, String> series = new TreeMap<>(s.labels());
            if (s.name().equals(f.name + "_bucket")) {
                String le = series.remove("le");
                if (le == null) fail("histogram " + f.name + " has a bucket without le");
                if (!FLOAT.matcher(le).matches()) fail("histogram " + f.name + " has a bad le '" + le + "'");
                double bound = le.endsWith("Inf") ? (le.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                        : Double.parseDouble(le);
                buckets.computeIfAbsent(series, k -> new TreeMap<>()).put(bound, s.value());
            } else if (s.name().equals(f.name + "_count")) {
                counts.put(series, s.value());
            }
        }
        buckets.forEach((series, byBound) -> {
            Double inf = byBound.get(Double.POSITIVE_INFINITY);
            if (inf == null) fail("histogram " + f.name + series + " has no le=\"+Inf\" bucket");
            double previous = 0;
            for (var b : byBound.entrySet()) {
                if (b.getValue() < previous) fail("histogram " + f.name + series + " buckets are not cumulative at le=" + b.getKey());
                previous = b.getValue();
            }
            Double count = counts.get(series);
            if (count != null && count.doubleValue() != inf) {
                fail("histogram " + f.name + series + " _count " + count + " is not its +Inf bucket " + inf);
            }
        });
    }

    private void line(String line) {
        if (line.indexOf('\r') >= 0) fail("carriage return in line (the format uses \\n only)");
        if (line.isBlank()) return;
        if (line.startsWith("#")) {
            comment(line);
        } else {
            sample(line);
        }
    }

    private void comment(String line) {
        String[] parts = line.substring(1).strip().split("[ \t]+", 3);
        if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE"))) {
            return; // an ordinary comment
        }
        String name = parts[1];
        if (!METRIC_NAME.matcher(name).matches()) fail("bad metric name in " + parts[0] + ": " + name);
        Family family = enter(name);
        if (parts[0].equals("HELP")) {
            if (family.help != null) fail("second HELP for " + name);
            String help = parts.length > 2 ? parts[2] : "";
            checkHelpEscapes(help);
            family.help = help;
        } else {
            if (parts.length < 3 || !TYPES.contains(parts[2].strip())) fail("bad TYPE for " + name + ": " + line);
            if (family.typed || !family.samples.isEmpty()) {
                fail("TYPE for " + name + " must come once and before its samples");
            }
            family.typed = true;
            family.type = parts[2].strip();
        }
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) i++;
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) fail("bad metric name: '" + name + "'");
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String rest = line.substring(i);
        if (rest.isEmpty() || !(rest.charAt(0) == ' ' || rest.charAt(0) == '\t')) fail("no space before the value");
        String[] fields = rest.strip().split("[ \t]+");
        if (fields.length > 2) fail("trailing text after value and timestamp");
        if (!FLOAT.matcher(fields[0]).matches()) fail("bad value '" + fields[0] + "'");
        if (fields.length == 2 && !TIMESTAMP.matcher(fields[1]).matches()) fail("bad timestamp '" + fields[1] + "'");
        double value = switch (fields[0].replace("+", "")) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(fields[0]);
        };
        Family family = enter(familyOf(name));
        if (!seenSeries.add(name + labels)) fail("duplicate series " + name + labels);
        family.samples.add(new Sample(name, labels, value));
    }

    /** Reads {@code name="value",...}} starting after the brace; returns the index after the closing brace. */
    private int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') return i + 1;
            int start = i;
            while (i < line.length() && line.charAt(i) != '=' && line.charAt(i) != '}') i++;
            String label = line.substring(start, i).strip();
            if (!LABEL_NAME.matcher(label).matches()) fail("bad label name '" + label + "'");
            if (label.startsWith("__")) fail("label names starting with __ are reserved: " + label);
            if (i + 1 >= line.length() || line.charAt(i) != '=' || line.charAt(i + 1) != '"') fail("label " + label + " has no quoted value");
            i += 2;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (i >= line.length()) fail("unterminated value of label " + label);
                char c = line.charAt(i++);
                if (c == '"') break;
                if (c == '\\') {
                    if (i >= line.length()) fail("dangling backslash in label " + label);
                    char e = line.charAt(i++);
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> fail("bad escape \\" + e + " in label " + label);
                    }
                } else {
                    value.append(c);
                }
            }
            if (labels.put(label, value.toString()) != null) fail("duplicate label " + label);
            if (i < line.length() && line.charAt(i) == ',') i++;
            else if (i >= line.length() || line.charAt(i) != '}') fail("expected , or } after label " + label);
        }
    }

    /** The family a sample belongs to: histograms and summaries own their _bucket/_sum/_count series. */
    private String familyOf(String sampleName) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sampleName.endsWith(suffix)) {
                Family f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (f != null && (f.type.equals("histogram") || f.type.equals("summary"))) return f.name;
            }
        }
        return sampleName;
    }

    /** Makes {@code name} the current family; a family left earlier may not be re-entered. */
    private Family enter(String name) {
        if (current != null && !current.name.equals(name)) {
            closedFamilies.add(current.name);
        }
        if (closedFamilies.contains(name)) fail("lines of family " + name + " are not contiguous");
        current = families.computeIfAbsent(name, Family::new);
        return current;
    }

    /** HELP text may escape only backslash and newline. */
    private void checkHelpEscapes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                if (i + 1 >= text.length()) fail("dangling backslash in HELP");
                char e = text.charAt(++i);
                if (e != '\\' && e != 'n') fail("bad escape \\" + e + " in HELP");
            }
        }
    }

    private void fail(String why) {
        throw new IllegalArgumentException((lineNumber > 0 ? "line " + lineNumber + ": " : "") + why);
    }
}
