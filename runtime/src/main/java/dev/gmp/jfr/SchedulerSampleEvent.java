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
@Description("The whole scheduler sampled periodically: global queue, Ms by state, goroutines by state; "
        + "over the period since the previous sample, the slices, parks, syscalls, steals and handoffs counted "
        + "(the always-on settings record these instead of one event each) and the scheduling latency and "
        + "time slice percentiles")
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

    @Label("Scheduling Latency Max")
    @Description("The longest of the period's sampled latencies lies under this bucket bound (Long.MAX_VALUE: beyond the last bound, 4.3 s)")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyMax;

    @Label("Time Slice p50")
    @Description("Half of the sampled slices that ended in the period ran no longer than this (a bucket bound)")
    @Timespan(Timespan.NANOSECONDS)
    public long sliceP50;

    @Label("Time Slice p99")
    @Description("99 % of the slices that ended in the period ran no longer than this (a bucket bound)")
    @Timespan(Timespan.NANOSECONDS)
    public long sliceP99;

    @Label("Time Slices Run")
    @Description("Every time slice run in the period (every mount of a goroutine on an M)")
    public long switches;

    @Label("Parks")
    @Description("Slices that ended with the goroutine blocked, in the period: the aggregate of the gmp.GoPark events that the always-on settings leave off")
    public long parks;

    @Label("Syscalls")
    @Description("Blocking calls entered in the period: the aggregate of gmp.Syscall events")
    public long syscalls;

    @Label("Steals")
    @Description("Goroutines moved between Ps by work stealing in the period")
    public long steals;

    @Label("Handoffs")
    @Description("Ps handed to another M because their M blocked, in the period")
    public long handoffs;

    @Label("Long-Running Slices")
    @Description("Slices sysmon saw run over 10 ms in the period")
    public long longRunning;
}
