package dev.gmp.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("gmp.RunQueueSample")
@Label("Run Queue Sample")
@Category({"Go Scheduler", "Samples", "Run Queues"})
@Description("One P's state and local run queue, sampled periodically (one event per P)")
@StackTrace(false)
@Period("1 s")
public final class RunQueueSampleEvent extends Event {
    @Label("P")
    public int p;

    @Label("Status")
    @Description("idle, running or syscall")
    public String status;

    @Label("Local Queue Length")
    @Description("Goroutines in the P's 256-slot ring (runnext not included)")
    public int localQueueLength;

    @Label("Runnext Present")
    public boolean runnextPresent;

    @Label("M")
    @Description("The M holding the P, -1 when none")
    public long m;
}
