package dev.gmp.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("gmp.SchedulerSample")
@Label("Scheduler Sample")
@Category({"Go Scheduler", "Samples", "Scheduler"})
@Description("The whole scheduler sampled periodically: global queue, Ms by state, goroutines by state")
@StackTrace(false)
@Period("1 s")
public final class SchedulerSampleEvent extends Event {
    @Label("GOMAXPROCS")
    public int gomaxprocs;

    @Label("Global Queue Length")
    public int globalQueueLength;

    @Label("Ms Total")
    public int threads;

    @Label("Ms Idle")
    public int idleThreads;

    @Label("Ms Spinning")
    public int spinningThreads;

    @Label("Ms In Syscall")
    public int syscallThreads;

    @Label("Goroutines Running")
    public long running;

    @Label("Goroutines Runnable")
    public long runnable;

    @Label("Goroutines Waiting")
    public long waiting;

    @Label("Goroutines In Syscall")
    public long inSyscall;
}
