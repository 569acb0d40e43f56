package dev.gmp.chan;

import dev.gmp.sched.WaitReason;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlock detector's last question: can an application thread outside the goroutines still
 * act, and so wake a G? Go never asks it (every thread of a Go program is a goroutine); a Java
 * program has platform threads, and one that sleeps, computes or waits for I/O or a lock may send
 * to a parked G later.
 *
 * <p>Only platform threads are visible here ({@link Thread#getAllStackTraces()}); the detector calls
 * this rarely, once the cheap counters already say every G is asleep. The rule, per thread:
 * <ul>
 *   <li>not the application's: gmp's own threads (all named {@value #GMP_THREAD_PREFIX}*: Ms,
 *       sysmon, timers, the detector, the dashboard) and the JVM's (Reference Handler, Finalizer,
 *       Signal Dispatcher, Common-Cleaner, JFR, attach, the JDK scheduler's carriers, see
 *       {@link #isApplicationThread}) are ignored;</li>
 *   <li>cannot act: parked in a gmp primitive (channel, select, WaitGroup), or joining a virtual
 *       thread without a timeout (if that thread is a G it is asleep, since every G is);</li>
 *   <li>can act: anything else, i.e. running, in I/O, sleeping, in a timed wait, or waiting for
 *       a lock or condition that some other thread may release.</li>
 * </ul>
 * The last rule is deliberately generous: an idle pool worker waiting for tasks counts as able to
 * act, so a deadlock may go unreported, but a working program is never called deadlocked.
 */
final class ThreadsOutsideGmp {
    private ThreadsOutsideGmp() {}

    static final String GMP_THREAD_PREFIX = "gmp-";

    /** The wait reasons of gmp's primitives, whose waiters only another gmp operation can wake. */
    static final Set<WaitReason> GMP_PRIMITIVES = EnumSet.of(WaitReason.CHAN_RECEIVE, WaitReason.CHAN_SEND,
            WaitReason.CHAN_RECEIVE_NIL, WaitReason.CHAN_SEND_NIL, WaitReason.SELECT, WaitReason.SELECT_NO_CASES,
            WaitReason.WAIT_GROUP);

    /** Groups of the JDK's own threads (cleaners, process reapers, unparkers, pollers; carriers). */
    private static final Set<String> JDK_THREAD_GROUPS = Set.of("InnocuousThreadGroup", "CarrierThreads");

    /** The name of an application thread that can still act, or null when none can. */
    static String firstThatCanAct() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (isApplicationThread(t) && canAct(t.getState(), LockSupport.getBlocker(t), e.getValue())) {
                return t.getName();
            }
        }
        return null;
    }

    /**
     * False for gmp's threads, the JVM's own threads and finished threads. The JVM's are those of
     * the root group ("system": Reference Handler, Finalizer, Signal Dispatcher, attach, JFR's
     * recorder), of the JDK's innocuous and carrier groups, and JFR's periodic task thread, which
     * the JVM starts in the main group.
     */
    static boolean isApplicationThread(Thread t) {
        String name = t.getName();
        if (t.isVirtual() || name.startsWith(GMP_THREAD_PREFIX) || name.startsWith("JFR ")
                || name.equals("DestroyJavaVM")) {
            return false;
        }
        ThreadGroup group = t.getThreadGroup(); // null once terminated
        if (group == null || group.getParent() == null) {
            return false;
        }
        for (ThreadGroup g = group; g != null; g = g.getParent()) {
            if (JDK_THREAD_GROUPS.contains(g.getName())) {
                return false;
            }
        }
        return true;
    }

    /** Whether a thread in this state, parked on this blocker, with this stack, may still act. */
    static boolean canAct(Thread.State state, Object blocker, StackTraceElement[] stack) {
        if (state == Thread.State.NEW || state == Thread.State.TERMINATED) {
            return false;
        }
        if (state != Thread.State.WAITING) {
            return true; // running, in I/O, sleeping, timed wait, or blocked on a monitor
        }
        if (blocker instanceof WaitReason reason && GMP_PRIMITIVES.contains(reason)) {
            return false;
        }
        return !joiningAVirtualThread(stack);
    }

    private static boolean joiningAVirtualThread(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("java.lang.VirtualThread") && frame.getMethodName().equals("joinNanos")) {
                return true;
            }
        }
        return false;
    }
}
