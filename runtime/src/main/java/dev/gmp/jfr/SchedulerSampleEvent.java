package dev.gmp.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

@Name("gmp.SchedulerSample")
@Label("Scheduler Sample")
@Category({"Go Scheduler", "Samples", "Scheduler"})
@Description("The whole scheduler sampled periodically: global queue, Ms by state, goroutines by state, "
        + "and the scheduling latency and time slices of the period since the previous sample")
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

    @Label("Time Slices")
    @Description("Time slices that began (latency) in the period since the previous sample")
    public long slices;

    @Label("Scheduling Latency p50")
    @Description("Half of the period's slices began within this long after their goroutine became runnable (a bucket bound: a power of two ns)")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyP50;

    @Label("Scheduling Latency p99")
    @Description("99 % of the period's slices began within this long after their goroutine became runnable (a bucket bound)")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyP99;

    @Label("Time Slice p99")
    @Description("99 % of the slices that ended in the period ran no longer than this (a bucket bound)")
    @Timespan(Timespan.NANOSECONDS)
    public long sliceP99;
}
