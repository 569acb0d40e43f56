package dev.gmp.sched;

import dev.gmp.Snapshot;

/** Go's GODEBUG=schedtrace line and scheddetail report, and the daemon that prints the line periodically. */
public final class Schedtrace {
    private Schedtrace() {}

    /**
     * {@code SCHED 1004ms: gomaxprocs=4 idleprocs=0 threads=11 spinningthreads=0 idlethreads=4 syscallprocs=0 syscallthreads=0 runqueue=8 [0 1 0 3]}:
     * Go's fields and order, plus the Ps and Ms in syscalls (Go shows those only with scheddetail).
     */
    public static String line(Sched s) {
        StringBuilder sb = new StringBuilder(96);
        int procs = s.gomaxprocs();
        sb.append("SCHED ").append(s.uptimeMillis()).append("ms: gomaxprocs=").append(procs)
                .append(" idleprocs=").append(s.idle.npidle())
                .append(" threads=").append(s.allm.size())
                .append(" spinningthreads=").append(s.idle.nmspinning())
                .append(" idlethreads=").append(s.idle.nmidle())
                .append(" syscallprocs=").append(syscallProcs(s))
                .append(" syscallthreads=").append(syscallThreads(s))
                .append(" runqueue=").append(s.globalRunqSize())
                .append(" [");
        P[] all = s.allp();
        for (int i = 0; i < procs && i < all.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(all[i].stealer.size()); // like Go: the ring only, runnext not counted
        }
        return sb.append(']').toString();
    }

    /**
     * Go's {@code GODEBUG=scheddetail=1} report without its G lines (there may be millions): the
     * {@link #line} and then one line per P and per M, -1 where there is none, as Go prints it.
     * <pre>
     *   P0: status=running schedtick=812 syscalltick=3 m=2 runqsize=1 runnext=-1 curg=17
     *   M2: p=0 state=running
     * </pre>
     */
    public static String detail(Sched s) {
        StringBuilder sb = new StringBuilder(line(s)).append('\n');
        Snapshot snap = SnapshotBuilder.take(s, "");
        for (Snapshot.Proc p : snap.procs()) {
            sb.append("  P").append(p.id()).append(": status=").append(lowerCase(p.status()))
                    .append(" schedtick=").append(p.schedtick()).append(" syscalltick=").append(p.syscalltick())
                    .append(" m=").append(p.m()).append(" runqsize=").append(p.runqueue())
                    .append(" runnext=").append(p.runnext()).append(" curg=").append(p.current()).append('\n');
        }
        for (Snapshot.Machine m : snap.machines()) {
            sb.append("  M").append(m.id()).append(": p=").append(m.p()).append(" state=").append(lowerCase(m.state()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String lowerCase(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The line for a scheduler not started yet: every P idle, no threads, empty queues. */
    public static String notStartedLine(int procs) {
        return "SCHED 0ms: gomaxprocs=" + procs + " idleprocs=" + procs
                + " threads=0 spinningthreads=0 idlethreads=0 syscallprocs=0 syscallthreads=0 runqueue=0 ["
                + "0 ".repeat(procs).trim() + "]";
    }

    private static int syscallProcs(Sched s) {
        int n = 0;
        for (P pp : s.allp()) {
            if (pp.status() == P.SYSCALL) n++;
        }
        return n;
    }

    private static int syscallThreads(Sched s) {
        int n = 0;
        for (M m : s.allm) {
            if (m.inSyscall) n++;
        }
        return n;
    }

    static void startPrinter(Sched s, long periodMillis) {
        Thread printer = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    System.err.println(line(s));
                } catch (Throwable t) { // that line is lost; the printer goes on
                    s.reportInternalError(InternalErrors.SCHEDTRACE, null, t);
                }
            }
        }, "gmp-schedtrace");
        printer.setDaemon(true);
        printer.start();
    }
}
