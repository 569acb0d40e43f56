package dev.gmp.jfr;

import java.util.ArrayList;
import java.util.List;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether any JFR recording runs, as one volatile flag every gmp emitter reads before it touches an
 * event class. The first use of an event class (or of {@code FlightRecorder.addPeriodicEvent})
 * initialises JFR: 130–320 ms on 2 cores, paid by an application that records nothing. So gmp
 * listens for recordings (a listener costs ~2 ms) and only then registers its periodic samples and
 * lets its events be created.
 */
public final class JfrGate {
    private JfrGate() {}

    private static volatile boolean recording;
    private static final List<Runnable> onFirstRecording = new ArrayList<>();
    private static boolean firstRecordingSeen; // guarded by JfrGate.class

    /** True while at least one recording is running (a moment's view). */
    public static boolean recording() {
        return recording;
    }

    /**
     * Starts watching recordings; {@code firstRecording} runs once, on the thread that starts the
     * first one (or now, if one already runs). Safe to call more than once.
     */
    public static void install(Runnable firstRecording) {
        synchronized (JfrGate.class) {
            onFirstRecording.add(firstRecording);
        }
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording changed) {
                update();
            }
        });
        if (FlightRecorder.isInitialized()) { // e.g. -XX:StartFlightRecording: started before we listened
            update();
        }
    }

    private static void update() {
        boolean any = false;
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                any = true;
                break;
            }
        }
        List<Runnable> toRun = List.of();
        synchronized (JfrGate.class) {
            if (any && !firstRecordingSeen) {
                firstRecordingSeen = true;
                toRun = List.copyOf(onFirstRecording);
            }
        }
        for (Runnable r : toRun) {
            r.run();
        }
        recording = any;
    }
}
