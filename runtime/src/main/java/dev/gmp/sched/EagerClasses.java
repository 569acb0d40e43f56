package dev.gmp.sched;

import dev.gmp.jfr.GoCreateEvent;
import dev.gmp.jfr.GoParkEvent;
import dev.gmp.jfr.GoUnparkEvent;
import dev.gmp.jfr.HandoffEvent;
import dev.gmp.jfr.LongRunningEvent;
import dev.gmp.jfr.ProcResizeEvent;
import dev.gmp.jfr.StealEvent;
import dev.gmp.jfr.SyscallEvent;
import dev.gmp.jfr.ThreadLimitEvent;

/**
 * Classes the scheduler may first use long after it starts, initialized by sysmon as it starts. A
 * class whose initializer first runs when the heap is exhausted fails for good: every later use
 * throws NoClassDefFoundError. SyscallEvent's first use in a pinned park during an exhausted heap
 * left every later blocking call of the program holding its P (no syscall was counted, and sysmon
 * had nothing to retake). Rare paths are the ones at risk: a handoff, a refused thread, a steal, a
 * GOMAXPROCS change, a long-running warning. Initializing these wakes no JFR: their static methods
 * are what the emitters call anyway (see JfrGate).
 */
final class EagerClasses {
    private EagerClasses() {}

    private static final Class<?>[] CLASSES = {
        SyscallEvent.class, HandoffEvent.class, StealEvent.class, ThreadLimitEvent.class, ProcResizeEvent.class,
        LongRunningEvent.class, GoCreateEvent.class, GoParkEvent.class, GoUnparkEvent.class,
        GoroutineEvents.class, GoroutineDump.class, WaitReason.class, Timer.class, TimerHeap.class,
        InternalErrors.class, MaxThreads.class, Syscalls.class, FlightRecording.class,
    };

    static void initialize() {
        for (Class<?> c : CLASSES) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("gmp cannot initialize its own class " + c.getName(), e);
            }
        }
    }
}
