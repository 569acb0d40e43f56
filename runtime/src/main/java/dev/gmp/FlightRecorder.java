package dev.gmp;

import dev.gmp.sched.FlightWindow;
import dev.gmp.sched.Sched;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The scheduler's flight recorder (Go 1.25's runtime/trace.FlightRecorder, always on): every P keeps
 * its last scheduling records in a fixed ring (each time slice with its P, M, G, start, end and why
 * it ended, plus syscalls, steals and handoffs), and any thread can take the last moments out as a
 * {@link Trace} or write them for Perfetto UI / chrome://tracing.
 *
 * <p>Memory is bounded and allocated once: {@code -Dgmp.flightRecorder.entries} entries per P (8192
 * by default) of 32 bytes each, 256 KiB per P, plus one ring for Ms without a P. How far back a
 * window reaches depends on the load: a P switching goroutines a million times a second keeps
 * about 8 ms; a P running a few thousand slices a second keeps seconds. Two goroutines taking
 * turns through runnext (a ping-pong) share one entry per run of untimed slices.
 * {@code -Dgmp.flightRecorder=off} turns it off (no memory, no cost).
 *
 * <p>When it is on, {@link #stop} and {@link #start} pause and resume recording at run time, as Go's
 * {@code FlightRecorder.Stop} and {@code Start} do: each M notices by its next time slice, and a
 * slice is recorded whole or not at all. Stopped, the rings keep what they hold and a window shows
 * nothing of the stopped stretch; the scheduler pays one volatile read per slice.
 */
public final class FlightRecorder {
    private static final FlightRecorder INSTANCE = new FlightRecorder();

    private FlightRecorder() {}

    static FlightRecorder instance() {
        return INSTANCE;
    }

    /** Whether this JVM records ({@code -Dgmp.flightRecorder}, on by default). */
    public boolean enabled() {
        return FlightWindow.enabled();
    }

    /** Whether the scheduler records now: {@link #enabled()} and not {@link #stop stopped}. */
    public boolean recording() {
        return FlightWindow.recording();
    }

    /**
     * Resumes recording after {@link #stop} (a no-op while recording).
     *
     * @throws IllegalStateException when the recorder is off for this JVM ({@code -Dgmp.flightRecorder=off})
     */
    public void start() {
        FlightWindow.recording(true);
    }

    /**
     * Stops recording; what the rings hold stays readable (a no-op when stopped).
     *
     * @throws IllegalStateException when the recorder is off for this JVM ({@code -Dgmp.flightRecorder=off})
     */
    public void stop() {
        FlightWindow.recording(false);
    }

    /** The bound on memory: bytes of record kept per P. */
    public long bytesPerP() {
        return (long) FlightWindow.entriesPerP() * FlightWindow.bytesPerEntry();
    }

    /**
     * The last {@code window} of scheduling, as far back as the rings reach; empty when the
     * scheduler has not started or the recorder is off. Does not stop or slow the scheduler.
     */
    public Trace last(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative, got " + window);
        }
        Sched s = Sched.getIfStarted();
        if (s == null) {
            return new Trace(0, 0, Gmp.gomaxprocs(), List.of(), List.of(), List.of(), List.of());
        }
        long nanos = window.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1).toNanos() : window.toNanos();
        return FlightWindow.last(s, nanos);
    }

    /** Writes the last {@code window} to {@code out} in the Chrome Trace Event Format (UTF-8); leaves it open. */
    public void writeChromeTrace(Duration window, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        last(window).writeChromeJson(w);
        w.flush();
    }

    /** Writes the last {@code window} to the file {@code path} (created or replaced) in the Chrome Trace Event Format. */
    public void writeChromeTrace(Duration window, Path path) throws IOException {
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            last(window).writeChromeJson(w);
        }
    }
}
