package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentOptionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", ",", " , ,"})
    void noOptionsMeanEveryDefault(String args) throws Exception {
        assertEquals(AgentOptions.defaults(), AgentOptions.parse(args));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AgentOptions d = AgentOptions.defaults();
        assertEquals(OptionalInt.empty(), d.procs());
        assertEquals(OptionalInt.of(7070), d.dashboardPort());
        assertEquals("127.0.0.1", d.host());
        assertFalse(d.control(), "the dashboard is read-only unless control=on");
        assertTrue(d.jfr().isEmpty());
        assertEquals(JfrSettings.DEFAULT, d.jfrSettings());
        assertEquals(List.of(), d.blocking());
        assertTrue(d.redirect());
        assertEquals(0, d.schedtraceMillis());
        assertEquals(LogLevel.INFO, d.log());
        assertFalse(d.preempt());
        assertTrue(d.trace().isEmpty());
    }

    @Test
    void everyOptionIsRead() throws Exception {
        Path settings = dir.resolve("my.jfc");
        Files.writeString(settings, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="mine"></configuration>
                """);
        AgentOptions o = AgentOptions.parse("procs=3, dashboard=0,host=::1,control=on,jfr=" + dir.resolve("a.jfr")
                + ",jfrSettings=" + settings + ",blocking=com.acme.Db#query;com.acme.Io$Pool#take,redirect=off"
                + ",schedtrace=250,log=debug,preempt=on,trace=" + dir);
        assertEquals(OptionalInt.of(3), o.procs());
        assertEquals(OptionalInt.of(0), o.dashboardPort());
        assertEquals("::1", o.host());
        assertTrue(o.control());
        assertEquals(dir.resolve("a.jfr"), o.jfr().orElseThrow());
        assertEquals(new JfrSettings(JfrSettings.Kind.FILE, settings), o.jfrSettings());
        assertEquals(List.of(new MethodName("com.acme.Db", "query"), new MethodName("com.acme.Io$Pool", "take")),
                o.blocking());
        assertFalse(o.redirect());
        assertEquals(250, o.schedtraceMillis());
        assertEquals(LogLevel.DEBUG, o.log());
        assertTrue(o.preempt());
        assertEquals(dir, o.trace().orElseThrow());
    }

    @Test
    void dashboardOffAndBuiltinJfrSettings() throws Exception {
        AgentOptions o = AgentOptions.parse("dashboard=off,jfr=" + dir.resolve("x.jfr") + ",jfrSettings=profile");
        assertEquals(OptionalInt.empty(), o.dashboardPort());
        assertEquals(JfrSettings.Kind.PROFILE, o.jfrSettings().kind());
    }

    @Test
    void controlOffNeedsNoDashboard() throws Exception {
        AgentOptions o = AgentOptions.parse("dashboard=off,control=off");
        assertEquals(OptionalInt.empty(), o.dashboardPort());
        assertFalse(o.control());
    }

    @Test
    void relativeRecordingPathBecomesAbsolute() throws Exception {
        Path file = AgentOptions.parse("jfr=app.jfr").jfr().orElseThrow();
        assertEquals(Path.of("app.jfr").toAbsolutePath(), file);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            procs=0              | gmp: bad option procs=0; valid: a whole number from 1 to 1024
            procs=1025           | gmp: bad option procs=1025; valid: a whole number from 1 to 1024
            procs=two            | gmp: bad option procs=two; valid: a whole number from 1 to 1024
            procs                | gmp: bad option procs=: no value given; valid: a whole number from 1 to 1024
            dashboard=65536      | gmp: bad option dashboard=65536; valid: a port from 0 to 65535 (0: any free port) or off
            dashboard=no         | gmp: bad option dashboard=no; valid: a port from 0 to 65535 (0: any free port) or off
            host=not_a_host!     | gmp: bad option host=not_a_host!; valid: an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0
            redirect=yes         | gmp: bad option redirect=yes; valid: on or off
            control=yes          | gmp: bad option control=yes; valid: on or off
            control=on;dashboard=off | gmp: bad option control=on: dashboard=off leaves nothing to control; valid: control=on together with a dashboard port
            preempt=1            | gmp: bad option preempt=1; valid: on or off
            schedtrace=-5        | gmp: bad option schedtrace=-5; valid: a period in milliseconds, 0 (off) or more
            log=verbose          | gmp: bad option log=verbose; valid: quiet, info or debug
            colour=red           | gmp: bad option colour=red: no such option; valid: options are procs, dashboard, host, control, jfr, jfrSettings, blocking, redirect, schedtrace, log, preempt, trace
            procs=2;procs=3      | gmp: bad option procs=3: procs is already set to 2; valid: each option once
            blocking=Db          | gmp: bad option blocking=Db: 'Db' is not pkg.Class#method; valid: pkg.Class#method entries separated by ';', e.g. blocking=com.acme.Db#query;com.acme.Io#read
            blocking=a.B#;       | gmp: bad option blocking=a.B#;: 'a.B#' is not pkg.Class#method; valid: pkg.Class#method entries separated by ';', e.g. blocking=com.acme.Db#query;com.acme.Io#read
            blocking=;           | gmp: bad option blocking=;: no methods named; valid: pkg.Class#method entries separated by ';', e.g. blocking=com.acme.Db#query;com.acme.Io#read
            jfrSettings=gmp      | gmp: bad option jfrSettings=gmp: there is no jfr=FILE to record to; valid: jfrSettings together with jfr=FILE
            """)
    void badOptionsNameTheOptionTheValueAndTheValidValues(String args, String message) {
        // ';' in the table stands for ',' (the table's own separators are '|')
        String agentArgs = args.startsWith("blocking") ? args : args.replace(';', ',');
        BadOptionException e = assertThrows(BadOptionException.class, () -> AgentOptions.parse(agentArgs));
        assertEquals(message, e.getMessage());
    }

    @Test
    void traceDumpsIntoAMissingDirectoryOrAFileAreRefused() throws IOException {
        Path missing = dir.resolve("missing");
        BadOptionException e = assertThrows(BadOptionException.class, () -> AgentOptions.parse("trace=" + missing));
        assertEquals("gmp: bad option trace=" + missing + ": " + missing
                + " is not a directory; valid: an existing, writable directory, e.g. trace=/tmp/gmp-traces", e.getMessage());
        Path file = Files.writeString(dir.resolve("f"), "");
        e = assertThrows(BadOptionException.class, () -> AgentOptions.parse("trace=" + file));
        assertTrue(e.getMessage().startsWith("gmp: bad option trace=" + file + ": " + file + " is not a directory;"), e.getMessage());
    }

    @Test
    void recordingInAMissingDirectoryIsRefused() {
        Path file = dir.resolve("missing/app.jfr");
        BadOptionException e = assertThrows(BadOptionException.class, () -> AgentOptions.parse("jfr=" + file));
        assertEquals("gmp: bad option jfr=" + file + ": directory " + dir.resolve("missing")
                + " does not exist; valid: a file path in an existing, writable directory, e.g. jfr=app.jfr", e.getMessage());
    }

    @Test
    void recordingOntoADirectoryIsRefused() {
        BadOptionException e = assertThrows(BadOptionException.class, () -> AgentOptions.parse("jfr=" + dir));
        assertTrue(e.getMessage().startsWith("gmp: bad option jfr=" + dir + ": " + dir + " is a directory;"), e.getMessage());
    }

    @Test
    void unreadableSettingsFileIsRefused() {
        Path missing = dir.resolve("nope.jfc");
        BadOptionException e = assertThrows(BadOptionException.class,
                () -> AgentOptions.parse("jfr=" + dir.resolve("a.jfr") + ",jfrSettings=" + missing));
        assertEquals("gmp: bad option jfrSettings=" + missing + ": " + missing
                + " is not a readable file; valid: gmp, profile or the path of a readable .jfc file", e.getMessage());
    }

    @Test
    void settingsFileThatIsNotJfcIsRefused() throws IOException {
        Path junk = dir.resolve("junk.jfc");
        Files.writeString(junk, "this is not xml");
        BadOptionException e = assertThrows(BadOptionException.class,
                () -> AgentOptions.parse("jfr=" + dir.resolve("a.jfr") + ",jfrSettings=" + junk));
        assertTrue(e.getMessage().startsWith("gmp: bad option jfrSettings=" + junk + ": " + junk
                + " is not a JFR settings file ("), e.getMessage());
        assertEquals("jfrSettings", e.option());
    }

    @Test
    void attachArgumentsCarryAbsolutePathsAndOnlyWhatWasGiven() throws Exception {
        String sent = AgentOptions.withAbsolutePaths("jfr=app.jfr, procs=2,jfrSettings=profile");
        assertEquals("jfr=" + Path.of("app.jfr").toAbsolutePath() + ",procs=2,jfrSettings=profile", sent);
        assertEquals(AgentOptions.parse("jfr=app.jfr,procs=2,jfrSettings=profile"), AgentOptions.parse(sent));
    }
}
