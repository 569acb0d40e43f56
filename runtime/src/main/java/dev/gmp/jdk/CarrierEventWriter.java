package dev.gmp.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Keeps JFR events committed by a carrier thread (an M) from being silently dropped.
 *
 * <p>JFR gives each platform thread one {@code jdk.jfr.internal.event.EventWriter}, shared with
 * every virtual thread mounted on it; the writer records whose thread id it last wrote for. When a
 * carrier commits after a virtual thread did, JDK 25's writer lookup switches that id back to the
 * carrier and, in the same step, leaves the writer's {@code valid} flag false. The commit in progress
 * then writes nothing and {@code endEvent} resets the flag: exactly one event is lost, with no
 * {@code jdk.DataLoss}. The JDK's own ForkJoinPool carriers never commit Java events, so only a
 * custom scheduler sees it; gmp's Ms lost the Steal or GoPark event that followed a goroutine's
 * event (a few percent compiled, over half under {@code -Xint}).
 *
 * <p>{@link #prepareCommit()} does the id switch before the event starts and, if the flag was
 * cleared, sets it again. Between two events the flag is always true on a healthy writer (only a
 * failed buffer flush inside an event clears it, and {@code endEvent} restores it), so setting it
 * then cannot hide a real failure. Needs {@code jdk.jfr/jdk.jfr.internal} (the writer lookup; the JVM
 * refuses to link {@code EventWriter.getEventWriter} outside an event's commit) and
 * {@code jdk.jfr/jdk.jfr.internal.event} (the flag) opened to gmp: the agent does it, library use
 * adds {@code --add-opens} for both. Without them this is a no-op and such events can be lost.
 */
public final class CarrierEventWriter {
    private CarrierEventWriter() {}

    private static final MethodHandle WRITER; // JVM.getEventWriter(): this thread's writer, or null
    private static final VarHandle VALID;

    static {
        MethodHandle writer = null;
        VarHandle valid = null;
        try {
            MethodHandles.Lookup self = MethodHandles.lookup();
            Class<?> type = Class.forName("jdk.jfr.internal.event.EventWriter");
            Class<?> jvm = Class.forName("jdk.jfr.internal.JVM");
            writer = MethodHandles.privateLookupIn(jvm, self)
                    .findStatic(jvm, "getEventWriter", MethodType.methodType(type))
                    .asType(MethodType.methodType(Object.class));
            valid = MethodHandles.privateLookupIn(type, self).findVarHandle(type, "valid", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            writer = null; // not opened to gmp, or a JDK whose writer differs: leave JFR alone
            valid = null;
        }
        WRITER = writer;
        VALID = valid;
    }

    /** Whether the repair is in effect (the package is open to gmp and the writer looks as expected). */
    public static boolean available() {
        return WRITER != null;
    }

    /**
     * Call on a platform thread, outside any event, right before committing an event. The lookup
     * never creates a writer (a thread without one gets a fresh, valid one from the commit).
     */
    public static void prepareCommit() {
        if (WRITER == null || Thread.currentThread().isVirtual()) {
            return; // a virtual thread's own commits are not affected
        }
        try {
            Object writer = WRITER.invokeExact();
            if (writer != null && !(boolean) VALID.get(writer)) {
                VALID.set(writer, true);
            }
        } catch (Throwable t) {
            // Never let a diagnostics aid break the scheduler: the event may be lost, nothing else.
        }
    }
}
