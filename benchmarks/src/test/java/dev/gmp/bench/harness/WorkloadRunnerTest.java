package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.AbstractWorkload;
import dev.gmp.bench.workload.Goal;
import dev.gmp.bench.workload.MultiRowWorkload;
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
        assertArrayEquals(new double[] {3.0}, WorkloadRunner.figures(w, Scheduler.JDK, Size.FULL));
        assertEquals(4, w.calls);
    }

    @Test
    void aNeverEndsTheRunAtOnce() throws Exception {
        Scripted w = new Scripted(1.0, Double.POSITIVE_INFINITY, 2.0, 2.0);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY}, WorkloadRunner.figures(w, Scheduler.JDK, Size.FULL));
        assertEquals(2, w.calls, "no call after the never");
    }

    /** Two rows from one run, as a wall time and a CPU time of the same storm: scripted pairs. */
    static final class TwoRows extends MultiRowWorkload {
        final Deque<double[]> figures;

        TwoRows(double[]... figures) {
            super("two", List.of(new WorkloadInfo("two", "wall", "ms", Goal.report("report"), "scripted"),
                    new WorkloadInfo("two-cpu", "cpu", "ms", Goal.report("report"), "scripted")));
            this.figures = new ArrayDeque<>(List.of(figures));
        }

        @Override public int warmups(Size size) { return 1; }
        @Override public int measurements(Size size) { return 3; }

        @Override
        public double[] measureRows(Scheduler side, Size size) {
            return figures.removeFirst();
        }
    }

    @Test
    void aMultiRowWorkloadGetsOneMedianPerRow() throws Exception {
        TwoRows w = new TwoRows(new double[] {99, 99}, new double[] {5, 50}, new double[] {1, 30}, new double[] {3, 10});
        assertArrayEquals(new double[] {3.0, 30.0}, WorkloadRunner.figures(w, Scheduler.JDK, Size.FULL));
    }

    @Test
    void aRunWithTheWrongNumberOfFiguresFailsNamingTheWorkload() {
        TwoRows w = new TwoRows(new double[] {1});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkloadRunner.figures(w, Scheduler.JDK, Size.FULL));
        assertEquals("two measured 1 figures for its 2 rows", e.getMessage());
    }

    /** Both columns in one JVM: records which side each call measured and returns a figure per side. */
    static final class BothColumns extends AbstractWorkload {
        final List<Scheduler> sides = new java.util.ArrayList<>();
        final Deque<Double> gmpFigures, jdkFigures;

        BothColumns(List<Double> gmpFigures, List<Double> jdkFigures) {
            super(new WorkloadInfo("both", "both", "ns", Goal.report("report"), "scripted"));
            this.gmpFigures = new ArrayDeque<>(gmpFigures);
            this.jdkFigures = new ArrayDeque<>(jdkFigures);
        }

        @Override public boolean bothColumnsInOneJvm() { return true; }
        @Override public int warmups(Size size) { return 1; }
        @Override public int measurements(Size size) { return 3; }

        @Override
        public double measure(Scheduler side, Size size) {
            sides.add(side);
            return (side == Scheduler.GMP ? gmpFigures : jdkFigures).removeFirst();
        }
    }

    @Test
    void aWorkloadWithBothColumnsInOneJvmAlternatesTheSidesAndReportsGmpsMediansThenTheJdks() throws Exception {
        BothColumns w = new BothColumns(List.of(900.0, 110.0, 101.0, 105.0), List.of(800.0, 100.0, 99.0, 90.0));
        // The side asked for does not matter: the child measures both.
        assertArrayEquals(new double[] {105.0, 99.0}, WorkloadRunner.figures(w, Scheduler.JDK, Size.FULL));
        assertEquals(List.of(Scheduler.GMP, Scheduler.JDK, Scheduler.JDK, Scheduler.GMP, Scheduler.GMP, Scheduler.JDK,
                Scheduler.JDK, Scheduler.GMP), w.sides, "a warm-up pair, then three measured pairs, who goes first alternating");
    }

    @Test
    void aSideThatNeverFinishesInAJvmOfBothColumnsFailsTheRunNamingIt() {
        BothColumns w = new BothColumns(List.of(1.0, 1.0), List.of(1.0, Double.POSITIVE_INFINITY));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkloadRunner.figures(w, Scheduler.GMP, Size.FULL));
        assertEquals("both: the JDK column never finished, in a JVM that measures both columns", e.getMessage());
    }

    @Test
    void resultLineRoundTripsFiguresAndNever() {
        assertArrayEquals(new double[] {12.5},
                WorkloadRunner.parse("noise\n" + WorkloadRunner.RESULT_PREFIX + WorkloadRunner.format(12.5) + "\n"));
        assertArrayEquals(new double[] {1.5, Double.POSITIVE_INFINITY, 2},
                WorkloadRunner.parse(WorkloadRunner.RESULT_PREFIX + WorkloadRunner.format(1.5, Double.POSITIVE_INFINITY, 2)));
        assertNull(WorkloadRunner.parse("Exception in thread main\n"));
    }

    @Test
    void theHarnessesOwnPropertiesReachEveryChild() {
        System.setProperty("gmp.bench.test-setting", "/kit/lib/x.jar");
        try {
            assertTrue(ChildJvm.harnessProperties().contains("-Dgmp.bench.test-setting=/kit/lib/x.jar"), ChildJvm.harnessProperties().toString());
            assertTrue(ChildJvm.harnessProperties().stream().allMatch(p -> p.startsWith("-Dgmp.bench.")), ChildJvm.harnessProperties().toString());
        } finally {
            System.clearProperty("gmp.bench.test-setting");
        }
    }
}
