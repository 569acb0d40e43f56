package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.AbstractWorkload;
import dev.gmp.bench.workload.Goal;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.WorkloadInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadRunnerTest {

    /** A workload that returns scripted figures and counts its calls. */
    static final class Scripted extends AbstractWorkload {
        final Deque<Double> figures;
        int calls;

        Scripted(Double... figures) {
            super(new WorkloadInfo("scripted", "scripted", "ms", Goal.report("report"), "scripted"));
            this.figures = new ArrayDeque<>(List.of(figures));
        }

        @Override public int warmups(Size size) { return 1; }
        @Override public int measurements(Size size) { return 3; }

        @Override
        public double measure(Scheduler side, Size size) {
            calls++;
            return figures.removeFirst();
        }
    }

    @Test
    void warmupIsDroppedAndMeasurementsAreSummarizedByTheirMedian() throws Exception {
        Scripted w = new Scripted(100.0, 5.0, 1.0, 3.0);
        assertEquals(3.0, WorkloadRunner.figure(w, Scheduler.JDK, Size.FULL));
        assertEquals(4, w.calls);
    }

    @Test
    void aNeverEndsTheRunAtOnce() throws Exception {
        Scripted w = new Scripted(1.0, Double.POSITIVE_INFINITY, 2.0, 2.0);
        assertEquals(Double.POSITIVE_INFINITY, WorkloadRunner.figure(w, Scheduler.JDK, Size.FULL));
        assertEquals(2, w.calls, "no call after the never");
    }

    @Test
    void resultLineRoundTripsFiguresAndNever() {
        assertEquals(12.5, WorkloadRunner.parse("noise\n" + WorkloadRunner.RESULT_PREFIX + WorkloadRunner.format(12.5) + "\n"));
        assertEquals(Double.POSITIVE_INFINITY,
                WorkloadRunner.parse(WorkloadRunner.RESULT_PREFIX + WorkloadRunner.format(Double.POSITIVE_INFINITY)));
        assertTrue(Double.isNaN(WorkloadRunner.parse("Exception in thread main\n")));
    }
}
