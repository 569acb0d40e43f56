package dev.gmp.sched;

/** Go's maxmcount: creating more Ms than the cap stops the process rather than exhausting the machine. */
final class MaxThreads {
    private MaxThreads() {}

    static void exceeded(int limit) {
        System.err.println("gmp: program exceeds " + limit + "-thread limit (-Dgmp.maxThreads)\n"
                + "fatal error: thread exhaustion: too many goroutines are blocked in system calls at once");
        System.err.flush();
        Runtime.getRuntime().halt(2);
    }
}
