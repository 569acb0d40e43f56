package dev.gmp.web;

import dev.gmp.Snapshot;
import dev.gmp.Snapshot.Goroutines;
import dev.gmp.Snapshot.Histogram;
import dev.gmp.Snapshot.Machine;
import dev.gmp.Snapshot.MachineState;
import dev.gmp.Snapshot.Proc;
import dev.gmp.Snapshot.ProcStatus;
import dev.gmp.Snapshot.Totals;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link Snapshot} in the Prometheus text exposition format 0.0.4: every family has one HELP
 * and one TYPE line followed by all its samples. Label values are state names and P ids that gmp
 * itself produces, so they never need escaping.
 */
final class PrometheusText {
    /** The Content-Type Prometheus expects for this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(2048);

    private PrometheusText() {}

    static String write(Snapshot s) {
        PrometheusText t = new PrometheusText();
        t.gauges(s);
        t.counters(s.totals());
        t.histogram("gmp_sched_latency_seconds",
                "How long a goroutine waited runnable before an M mounted it (1 in 32 transitions sampled).",
                s.schedLatency(), Proc::schedLatency, s.procs());
        t.histogram("gmp_slice_seconds",
                "How long a sampled time slice ran: mount to park, yield or exit (1 in 32 sampled).",
                s.slices(), Proc::slices, s.procs());
        return t.out.toString();
    }

    private void gauges(Snapshot s) {
        family("gmp_procs", "gauge", "GOMAXPROCS: the number of Ps (logical processors).");
        sample("gmp_procs", "", s.gomaxprocs());

        family("gmp_procs_by_status", "gauge", "Ps by status.");
        Map<ProcStatus, Long> procs = new EnumMap<>(ProcStatus.class);
        for (ProcStatus st : ProcStatus.values()) procs.put(st, 0L);
        for (Proc p : s.procs()) procs.merge(p.status(), 1L, Long::sum);
        procs.forEach((st, n) -> sample("gmp_procs_by_status", label("status", st.name()), n));

        family("gmp_goroutines", "gauge", "Live goroutines by state.");
        Goroutines g = s.goroutines();
        sample("gmp_goroutines", label("state", "running"), g.running());
        sample("gmp_goroutines", label("state", "runnable"), g.runnable());
        sample("gmp_goroutines", label("state", "waiting"), g.waiting());
        sample("gmp_goroutines", label("state", "syscall"), g.syscall());

        family("gmp_runqueue_length", "gauge", "Goroutines in a P's local run queue (the runnext slot not counted).");
        for (Proc p : s.procs()) sample("gmp_runqueue_length", label("p", Integer.toString(p.id())), p.runqueue());

        family("gmp_global_runqueue_length", "gauge", "Goroutines in the global run queue.");
        sample("gmp_global_runqueue_length", "", s.globalRunqueue());

        family("gmp_threads", "gauge", "Ms (carrier platform threads) by state.");
        Map<MachineState, Long> threads = new EnumMap<>(MachineState.class);
        for (MachineState st : MachineState.values()) threads.put(st, 0L);
        for (Machine m : s.machines()) threads.merge(m.state(), 1L, Long::sum);
        threads.forEach((st, n) -> sample("gmp_threads", label("state", st.name()), n));

        family("gmp_uptime_seconds", "gauge", "Seconds since the scheduler started (0 if it has not).");
        out.append("gmp_uptime_seconds ").append(s.uptimeMillis() / 1000.0).append('\n');
    }

    private void counters(Totals t) {
        counter("gmp_goroutines_created_total", "Goroutines started.", t.created());
        counter("gmp_goroutines_finished_total", "Goroutines that ended.", t.finished());
        counter("gmp_switches_total", "Time slices run: every time an M mounted a goroutine.", t.switches());
        counter("gmp_parks_total", "Time slices that ended with the goroutine blocked.", t.parks());
        counter("gmp_yields_total", "Gmp.gosched calls from goroutines.", t.yields());
        counter("gmp_steals_total", "Goroutines moved between Ps by work stealing.", t.steals());
        counter("gmp_syscalls_total", "Blocking calls entered (entersyscall).", t.syscalls());
        counter("gmp_handoffs_total", "Ps handed to another M because their M blocked.", t.handoffs());
        counter("gmp_retakes_total", "Ps sysmon took from Ms in long syscalls.", t.retakes());
        counter("gmp_long_running_total", "Time slices sysmon saw run longer than 10 ms.", t.longRunning());
        counter("gmp_thread_limit_hits_total", "Times gmp needed an M beyond -Dgmp.maxThreads and went without.",
                t.threadLimitHits());
        counter("gmp_timers_fired_total", "Timers run by the scheduler: sleeps, timed parks and waits, after and tickers.",
                t.timersFired());
        counter("gmp_m_wakeups_total", "Idle Ms handed a P to run work readied while they idled.", t.mWakeUps());
        counter("gmp_m_wakeups_while_spinning_total",
                "M wake-ups that reached the M while it still spun for one: no futex wake-up.", t.mWakeUpsWhileSpinning());
    }

    /**
     * One series per live P ({@code p="0"}...) and one {@code p="other"} for the rest of the total:
     * Ps beyond GOMAXPROCS and Ms that had lost their P. Summed over {@code p}, the series give the
     * scheduler's whole histogram.
     */
    private void histogram(String name, String help, Histogram total, Function<Proc, Histogram> perP, List<Proc> procs) {
        family(name, "histogram", help);
        Histogram rest = total;
        for (Proc p : procs) {
            Histogram h = perP.apply(p);
            series(name, Integer.toString(p.id()), h);
            rest = rest.minus(h);
        }
        series(name, "other", rest);
    }

    /** Cumulative buckets, as the format wants; {@code _count} is the +Inf bucket by construction. */
    private void series(String name, String p, Histogram h) {
        String label = "p=\"" + p + "\"";
        long cumulative = 0;
        for (int i = 0; i < h.counts().size(); i++) {
            cumulative += h.counts().get(i);
            String le = i < h.upperBoundsNanos().size() ? Double.toString(h.upperBoundsNanos().get(i) / 1e9) : "+Inf";
            out.append(name).append("_bucket{").append(label).append(",le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        out.append(name).append("_sum{").append(label).append("} ").append(h.sumNanos() / 1e9).append('\n');
        out.append(name).append("_count{").append(label).append("} ").append(cumulative).append('\n');
    }

    private void counter(String name, String help, long value) {
        family(name, "counter", help);
        sample(name, "", value);
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, long value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String label(String name, String value) {
        return "{" + name + "=\"" + value.toLowerCase(Locale.ROOT) + "\"}";
    }
}
