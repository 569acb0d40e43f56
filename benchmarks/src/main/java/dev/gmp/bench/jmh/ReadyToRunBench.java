package dev.gmp.bench.jmh;

import dev.gmp.bench.Scheduler;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ready-to-run latency: a platform thread (the benchmark thread) unparks a parked virtual thread
 * and spins until that thread has run and acknowledged. On gmp this is globrunqput, wakeP, an M
 * waking (or finding it spinning), findRunnable and the mount.
 */
@State(Scope.Benchmark)
public class ReadyToRunBench extends GmpBenchmark {
    @Param({"gmp", "jdk"})
    public String scheduler;

    /** Incremented by the benchmark thread to ask; the responder copies it to ack when it has run. */
    private volatile long request;
    private volatile long ack;
    private volatile boolean stop;
    private Thread responder;

    @Setup(Level.Trial)
    public void start() {
        responder = Scheduler.byId(scheduler).start(this::respond);
    }

    private void respond() {
        long seen = 0;
        while (!stop) {
            long r = request;
            if (r != seen) {
                seen = r;
                ack = r;
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Benchmark
    public long unparkUntilRun() {
        long r = request + 1; // only this thread writes request
        request = r;
        LockSupport.unpark(responder);
        while (ack != r) {
            Thread.onSpinWait();
        }
        return r;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        stop = true;
        LockSupport.unpark(responder);
        responder.join();
    }
}
