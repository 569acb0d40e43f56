package dev.gmp.sched;

/** Go's GODEBUG=schedtrace line, and the daemon that prints it periodically. */
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
