package dev.gmp.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Everything {@code -javaagent:gmp-agent.jar=key=value,key=value} can say, parsed and validated in
 * one place ({@link #parse}). Paths are absolute, so the same options mean the same thing in a JVM
 * the attach CLI sends them to.
 *
 * @param procs            the number of Ps (GOMAXPROCS); empty: the runtime's default ({@code -Dgmp.procs},
 *                         else {@code -Djdk.virtualThreadScheduler.parallelism}, else the number of CPUs
 *                         of the JVM the agent runs in)
 * @param dashboardPort    the dashboard's port, 0 for any free port; empty when {@code dashboard=off}
 * @param host             the address the dashboard binds
 * @param control          whether the dashboard may change GOMAXPROCS ({@code POST /api/gomaxprocs}); off: read-only
 * @param jfr              where a recording started at premain is written at exit; empty: no recording
 * @param jfrSettings      the settings of that recording
 * @param blocking         extra methods to run as syscalls
 * @param redirect         whether the application's virtual threads run on gmp
 * @param schedtraceMillis print a schedtrace line this often; 0: never
 * @param log              how much the agent prints
 * @param preempt          whether loop back-edges of application classes get preemption points
 * @param trace            where the flight recorder's trace is written on a deadlock report or a
 *                         long-running G ({@link TraceDumps}); empty: nowhere
 */
public record AgentOptions(
        OptionalInt procs,
        OptionalInt dashboardPort,
        String host,
        boolean control,
        Optional<Path> jfr,
        JfrSettings jfrSettings,
        List<MethodName> blocking,
        boolean redirect,
        long schedtraceMillis,
        LogLevel log,
        boolean preempt,
        Optional<Path> trace) {

    /** Go's _MaxGomaxprocs. */
    public static final int MAX_PROCS = 1024;
    public static final int DEFAULT_DASHBOARD_PORT = 7070;
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The option keys, in the order the usage text lists them. */
    public static final List<String> KEYS = List.of(
            "procs", "dashboard", "host", "control", "jfr", "jfrSettings", "blocking", "redirect", "schedtrace", "log", "preempt", "trace");

    private static final String VALID_PROCS = "a whole number from 1 to " + MAX_PROCS;
    private static final String VALID_DASHBOARD = "a port from 0 to 65535 (0: any free port) or off";
    private static final String VALID_HOST = "an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0";
    private static final String VALID_JFR = "a file path in an existing, writable directory, e.g. jfr=app.jfr";
    private static final String VALID_JFR_SETTINGS = "gmp, profile or the path of a readable .jfc file";
    private static final String VALID_BLOCKING =
            "pkg.Class#method entries separated by ';', e.g. blocking=com.acme.Db#query;com.acme.Io#read";
    private static final String VALID_ON_OFF = "on or off";
    private static final String VALID_SCHEDTRACE = "a period in milliseconds, 0 (off) or more";
    private static final String VALID_LOG = "quiet, info or debug";
    private static final String VALID_TRACE = "an existing, writable directory, e.g. trace=/tmp/gmp-traces";

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public AgentOptions {
        blocking = List.copyOf(blocking);
    }

    /** Every option at its default. */
    public static AgentOptions defaults() {
        return new AgentOptions(OptionalInt.empty(), OptionalInt.of(DEFAULT_DASHBOARD_PORT),
                DEFAULT_HOST, false, Optional.empty(), JfrSettings.DEFAULT, List.of(), true, 0, LogLevel.INFO, false, Optional.empty());
    }

    /**
     * Parses the agent argument string ({@code null} or blank: all defaults).
     *
     * @throws BadOptionException for an unknown key, a repeated key, a malformed value or an
     *                            unreadable path; its message is the line to show the user
     */
    public static AgentOptions parse(String args) throws BadOptionException {
        Map<String, String> given = split(args);
        AgentOptions d = defaults();
        OptionalInt procs = d.procs;
        OptionalInt dashboardPort = d.dashboardPort;
        String host = d.host;
        boolean control = d.control;
        Optional<Path> jfr = d.jfr;
        JfrSettings jfrSettings = d.jfrSettings;
        List<MethodName> blocking = d.blocking;
        boolean redirect = d.redirect;
        long schedtrace = d.schedtraceMillis;
        LogLevel log = d.log;
        boolean preempt = d.preempt;
        Optional<Path> trace = d.trace;
        for (Map.Entry<String, String> option : given.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            switch (key) {
                case "procs" -> procs = OptionalInt.of((int) parseLong(key, value, 1, MAX_PROCS, VALID_PROCS));
                case "dashboard" -> dashboardPort = value.equals("off")
                        ? OptionalInt.empty()
                        : OptionalInt.of((int) parseLong(key, value, 0, 65535, VALID_DASHBOARD));
                case "host" -> host = parseHost(value);
                case "control" -> control = parseOnOff(key, value);
                case "jfr" -> jfr = Optional.of(parseRecordingFile(value));
                case "jfrSettings" -> jfrSettings = parseJfrSettings(value);
                case "blocking" -> blocking = parseBlocking(value);
                case "redirect" -> redirect = parseOnOff(key, value);
                case "schedtrace" -> schedtrace = parseLong(key, value, 0, Long.MAX_VALUE, VALID_SCHEDTRACE);
                case "log" -> log = parseLog(value);
                case "preempt" -> preempt = parseOnOff(key, value);
                case "trace" -> trace = Optional.of(parseTraceDirectory(value));
                default -> throw new IllegalStateException("split() admitted unknown key " + key);
            }
        }
        if (given.containsKey("jfrSettings") && jfr.isEmpty()) {
            throw new BadOptionException("jfrSettings", given.get("jfrSettings"), "there is no jfr=FILE to record to",
                    "jfrSettings together with jfr=FILE");
        }
        if (control && dashboardPort.isEmpty()) {
            throw new BadOptionException("control", given.get("control"), "dashboard=off leaves nothing to control",
                    "control=on together with a dashboard port");
        }
        return new AgentOptions(procs, dashboardPort, host, control, jfr, jfrSettings, blocking, redirect, schedtrace, log, preempt, trace);
    }

    /** key=value pairs in the order given; rejects unknown and repeated keys. */
    private static Map<String, String> split(String args) throws BadOptionException {
        Map<String, String> given = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return given;
        }
        for (String entry : args.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue; // a trailing or doubled comma says nothing
            }
            int eq = trimmed.indexOf('=');
            String key = eq < 0 ? trimmed : trimmed.substring(0, eq).strip();
            String value = eq < 0 ? "" : trimmed.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw new BadOptionException(key, value, "no such option", "options are " + String.join(", ", KEYS));
            }
            if (eq < 0 || value.isEmpty()) {
                throw new BadOptionException(key, value, "no value given", validValues(key));
            }
            String earlier = given.putIfAbsent(key, value);
            if (earlier != null) {
                throw new BadOptionException(key, value, key + " is already set to " + earlier, "each option once");
            }
        }
        return given;
    }

    private static String validValues(String key) {
        return switch (key) {
            case "procs" -> VALID_PROCS;
            case "dashboard" -> VALID_DASHBOARD;
            case "host" -> VALID_HOST;
            case "jfr" -> VALID_JFR;
            case "jfrSettings" -> VALID_JFR_SETTINGS;
            case "blocking" -> VALID_BLOCKING;
            case "control", "redirect", "preempt" -> VALID_ON_OFF;
            case "schedtrace" -> VALID_SCHEDTRACE;
            case "log" -> VALID_LOG;
            case "trace" -> VALID_TRACE;
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static long parseLong(String key, String value, long min, long max, String valid) throws BadOptionException {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadOptionException(key, value, null, valid);
        }
        if (n < min || n > max) {
            throw new BadOptionException(key, value, null, valid);
        }
        return n;
    }

    private static boolean parseOnOff(String key, String value) throws BadOptionException {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new BadOptionException(key, value, null, VALID_ON_OFF);
        };
    }

    private static LogLevel parseLog(String value) throws BadOptionException {
        return switch (value) {
            case "quiet" -> LogLevel.QUIET;
            case "info" -> LogLevel.INFO;
            case "debug" -> LogLevel.DEBUG;
            default -> throw new BadOptionException("log", value, null, VALID_LOG);
        };
    }

    private static String parseHost(String value) throws BadOptionException {
        if (HOST_NAME.matcher(value).matches()) {
            return value;
        }
        try {
            InetAddress.ofLiteral(value); // IPv6 literals; no name lookup
            return value;
        } catch (IllegalArgumentException e) {
            throw new BadOptionException("host", value, null, VALID_HOST);
        }
    }

    private static Path parseRecordingFile(String value) throws BadOptionException {
        Path file = toAbsolutePath("jfr", value, VALID_JFR);
        if (Files.isDirectory(file)) {
            throw new BadOptionException("jfr", value, file + " is a directory", VALID_JFR);
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadOptionException("jfr", value, "directory " + dir + " does not exist", VALID_JFR);
        }
        if (!Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            throw new BadOptionException("jfr", value, file + " is not writable", VALID_JFR);
        }
        return file;
    }

    private static Path parseTraceDirectory(String value) throws BadOptionException {
        Path dir = toAbsolutePath("trace", value, VALID_TRACE);
        if (!Files.isDirectory(dir)) {
            throw new BadOptionException("trace", value, dir + " is not a directory", VALID_TRACE);
        }
        if (!Files.isWritable(dir)) {
            throw new BadOptionException("trace", value, dir + " is not writable", VALID_TRACE);
        }
        return dir;
    }

    private static JfrSettings parseJfrSettings(String value) throws BadOptionException {
        switch (value) {
            case "gmp":
                return JfrSettings.DEFAULT;
            case "profile":
                return new JfrSettings(JfrSettings.Kind.PROFILE, null);
            default:
                break;
        }
        Path file = toAbsolutePath("jfrSettings", value, VALID_JFR_SETTINGS);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadOptionException("jfrSettings", value, file + " is not a readable file", VALID_JFR_SETTINGS);
        }
        try {
            jdk.jfr.Configuration.create(file);
        } catch (IOException | ParseException e) {
            throw new BadOptionException("jfrSettings", value,
                    file + " is not a JFR settings file (" + e.getMessage() + ")", VALID_JFR_SETTINGS);
        }
        return new JfrSettings(JfrSettings.Kind.FILE, file);
    }

    private static Path toAbsolutePath(String key, String value, String valid) throws BadOptionException {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new BadOptionException(key, value, e.getReason(), valid);
        }
    }

    private static List<MethodName> parseBlocking(String value) throws BadOptionException {
        List<MethodName> methods = new ArrayList<>();
        for (String entry : value.split(";")) {
            String name = entry.strip();
            if (name.isEmpty()) {
                continue;
            }
            int hash = name.indexOf('#');
            String className = hash < 0 ? name : name.substring(0, hash);
            String methodName = hash < 0 ? "" : name.substring(hash + 1);
            if (!isBinaryClassName(className) || !isIdentifier(methodName)) {
                throw new BadOptionException("blocking", value, "'" + name + "' is not pkg.Class#method", VALID_BLOCKING);
            }
            methods.add(new MethodName(className, methodName));
        }
        if (methods.isEmpty()) {
            throw new BadOptionException("blocking", value, "no methods named", VALID_BLOCKING);
        }
        return methods;
    }

    private static boolean isBinaryClassName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code args} (already accepted by {@link #parse}) with the paths of {@code jfr},
     * {@code jfrSettings} and {@code trace} made absolute: the attach CLI sends it to a JVM whose working directory
     * may differ. Everything else, including unset options, is passed on as written, so defaults
     * such as the number of CPUs are the target JVM's.
     */
    public static String withAbsolutePaths(String args) throws BadOptionException {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> option : split(args).entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            if (key.equals("jfr") || key.equals("trace")
                    || key.equals("jfrSettings") && !value.equals("gmp") && !value.equals("profile")) {
                value = toAbsolutePath(key, value, validValues(key)).toString();
            }
            parts.add(key + "=" + value);
        }
        return String.join(",", parts);
    }
}
