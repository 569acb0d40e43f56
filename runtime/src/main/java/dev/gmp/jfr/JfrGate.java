package dev.gmp.jfr;

import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether any JFR recording runs, as one volatile flag every gmp emitter reads before it creates an
 * event. Registering an event class (or {@code FlightRecorder.addPeriodicEvent}) initialises JFR:
 * 130–320 ms on 2 cores, paid by an application that records nothing. A class left
 * {@code @Registered} registers itself the first time one of its static methods runs, so gmp's
 * emitted events are {@code @Registered(false)} and listed in {@link #EMITTED}: gmp listens to the
 * recorder (a listener costs ~2 ms) and registers them, and its periodic samples, when JFR
 * initialises, which happens before the first recording can start, so that recording's settings
 * apply to them.
 */
public final class JfrGate {
    private JfrGate() {}

    /** Every event gmp emits itself (not the periodic samples): each is {@code @Registered(false)}. */
    public static final List<Class<? extends Event>> EMITTED = List.of(
            GoCreateEvent.class, GoParkEvent.class, GoUnparkEvent.class, HandoffEvent.class, LongRunningEvent.class,
            ProcResizeEvent.class, StealEvent.class, SyscallEvent.class, ThreadLimitEvent.class);

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
                registerEvents();
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

    /** Registers {@link #EMITTED} with JFR (again is harmless), which initialises JFR's metadata. */
    public static void registerEvents() {
        for (Class<? extends Event> type : EMITTED) {
            FlightRecorder.register(type);
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
