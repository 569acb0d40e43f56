package dev.gmp.jdk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Repairs of a virtual thread that the JDK's own code left where nothing would wake it, after an
 * Error (an exhausted heap) cut a state change short. Both mirror the step the JDK skipped, with the
 * same compare-and-set the JDK uses, so a repair and a concurrent unpark cannot both submit the
 * thread; a spare submission would be harmless anyway (running a thread that is not runnable
 * returns at once).
 *
 * <p>Resolved apart from {@link VirtualThreads}' handles: on a JDK whose fields differ, these
 * repairs are off (as on the JDK's own scheduler) and everything else still works.
 */
final class VirtualThreadStates {
    private VirtualThreadStates() {}

    private static final VarHandle STATE, PARK_PERMIT, BLOCK_PERMIT, NOTIFIED;
    private static final int PARKING, PARKED, TIMED_PARKING, TIMED_PARKED, UNPARKED, YIELDING, YIELDED, BLOCKED,
            UNBLOCKED, WAIT, TIMED_WAIT;

    static {
        VarHandle state = null, parkPermit = null, blockPermit = null, notified = null;
        String[] names = {"PARKING", "PARKED", "TIMED_PARKING", "TIMED_PARKED", "UNPARKED", "YIELDING", "YIELDED",
            "BLOCKED", "UNBLOCKED", "WAIT", "TIMED_WAIT"};
        int[] values = new int[names.length];
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup in = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            for (int i = 0; i < names.length; i++) {
                values[i] = (int) in.findStaticVarHandle(vt, names[i], int.class).get();
            }
            state = in.findVarHandle(vt, "state", int.class);
            parkPermit = in.findVarHandle(vt, "parkPermit", boolean.class);
            blockPermit = in.findVarHandle(vt, "blockPermit", boolean.class);
            notified = in.findVarHandle(vt, "notified", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            state = null; // another JDK: no repairs
        }
        STATE = state;
        PARK_PERMIT = parkPermit;
        BLOCK_PERMIT = blockPermit;
        NOTIFIED = notified;
        PARKING = values[0];
        PARKED = values[1];
        TIMED_PARKING = values[2];
        TIMED_PARKED = values[3];
        UNPARKED = values[4];
        YIELDING = values[5];
        YIELDED = values[6];
        BLOCKED = values[7];
        UNBLOCKED = values[8];
        WAIT = values[9];
        TIMED_WAIT = values[10];
    }

    /**
     * Runs every path of the repairs once, on {@code unstarted}, a virtual thread that is never
     * started (see VirtualThreads#prepareRepairs): the repairs run in catch blocks, when the heap may
     * be exhausted, and a VarHandle call site links, which allocates, the first time it runs. True
     * when the repairs are on.
     */
    static boolean prepare(Thread unstarted) {
        if (STATE == null) {
            return false;
        }
        for (int halfway : new int[] {PARKING, TIMED_PARKING, YIELDING}) {
            STATE.setVolatile(unstarted, halfway);
            wakeAfterFailedYield(unstarted);
        }
        PARK_PERMIT.setVolatile(unstarted, true);
        BLOCK_PERMIT.setVolatile(unstarted, true);
        for (boolean notify : new boolean[] {false, true}) {
            NOTIFIED.setVolatile(unstarted, notify);
            for (int stuck : new int[] {PARKED, BLOCKED, WAIT, UNPARKED}) {
                STATE.setVolatile(unstarted, stuck);
                runnableAfterFailedStackWalk(unstarted);
            }
        }
        return true;
    }

    /**
     * After the JDK's code that finishes a park or yield on the carrier ({@code afterYield}) threw:
     * a thread left in PARKING, TIMED_PARKING or YIELDING becomes runnable, as after a spurious
     * wake-up. True when it did; the caller must then submit it.
     */
    static boolean wakeAfterFailedYield(Thread thread) {
        if (STATE == null || !thread.isVirtual()) {
            return false;
        }
        int s = (int) STATE.getVolatile(thread);
        if (s == PARKING || s == TIMED_PARKING) {
            return STATE.compareAndSet(thread, s, UNPARKED);
        }
        return s == YIELDING && STATE.compareAndSet(thread, s, YIELDED);
    }

    /**
     * After a stack walk of an unmounted virtual thread threw: the JDK suspends the thread for the
     * walk, and an unpark, unblock or notify meanwhile only leaves a permit, which the JDK checks
     * after a successful walk and never after a failed one. So a walk that runs out of heap left
     * the thread parked with its permit set, for good. True when the thread is runnable and the
     * caller must submit it: it was woken during the walk, or was runnable before it (the walk may
     * have kept a queued run from starting).
     */
    static boolean runnableAfterFailedStackWalk(Thread thread) {
        if (STATE == null || !thread.isVirtual()) {
            return false;
        }
        int s = (int) STATE.getVolatile(thread);
        if (s == PARKED || s == TIMED_PARKED) {
            return (boolean) PARK_PERMIT.getVolatile(thread) && STATE.compareAndSet(thread, s, UNPARKED);
        }
        if (s == BLOCKED) {
            return (boolean) BLOCK_PERMIT.getVolatile(thread) && STATE.compareAndSet(thread, s, UNBLOCKED);
        }
        if (s == WAIT || s == TIMED_WAIT) {
            return ((boolean) NOTIFIED.getVolatile(thread) || thread.isInterrupted())
                    && STATE.compareAndSet(thread, s, UNBLOCKED);
        }
        return s == UNPARKED || s == UNBLOCKED || s == YIELDED;
    }
}
