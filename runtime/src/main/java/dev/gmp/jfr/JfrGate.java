package dev.gmp.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether any JFR recording runs, as one volatile flag every gmp emitter reads before it touches an
 * event class. The first use of an event class (or of {@code FlightRecorder.addPeriodicEvent})
 * initialises JFR: 130–320 ms on 2 cores, paid by an application that records nothing. So gmp
 * listens to the recorder (a listener costs ~2 ms): it registers its periodic samples when JFR
 * initialises, which happens before the first recording can start, so that recording's settings
 * apply to them, and it lets its events be created only while a recording runs.
 */
public final class JfrGate {
    private JfrGate() {}

    private static volatile boolean recording;

    /** True while at least one recording is running (a moment's view). */
    public static boolean recording() {
        return recording;
    }

    /**
     * Starts watching the recorder. {@code onInitialized} runs once JFR is initialised: now, if it
     * already is (e.g. -XX:StartFlightRecording), else on the thread that initialises it.
     */
    public static void install(Runnable onInitialized) {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                onInitialized.run();
            }

            @Override
            public void recordingStateChanged(Recording changed) {
                update();
            }
        });
        if (FlightRecorder.isInitialized()) { // recordings started before we listened
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
        recording = any;
    }
}
