package dev.gmp.bench.jmh;

import dev.gmp.Chan;
import dev.gmp.Select;
import dev.gmp.bench.Scheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Unbuffered ping-pong whose echo side waits in a two-case select (the data channel or a quit
 * channel) instead of a plain receive: the cost of select over {@link ChanPingPongBench}.
 */
@State(Scope.Benchmark)
public class SelectPingPongBench extends GmpBenchmark {
    static final int ROUNDS = 10_000;
    private static final Object TOKEN = new Object();

    @Param({"gmp", "jdk"})
    public String scheduler;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long roundTrip() throws InterruptedException {
        Scheduler side = Scheduler.byId(scheduler);
        Chan<Object> there = Chan.make(), back = Chan.make(), quit = Chan.make();
        Thread echo = side.start(() -> {
            boolean[] done = new boolean[1];
            // Built once and run per message: a Select keeps no state between runs.
            Select wait = Select.of()
                    .recv(there, back::send)
                    .recv(quit, ignored -> done[0] = true);
            while (!done[0]) {
                wait.run();
            }
        });
        Thread pinger = side.start(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                there.send(TOKEN);
                back.recv();
            }
            quit.close();
        });
        pinger.join();
        echo.join();
        return ROUNDS;
    }
}
