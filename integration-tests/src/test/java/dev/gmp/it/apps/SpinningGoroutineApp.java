package dev.gmp.it.apps;

import java.time.Duration;

/**
 * One goroutine spins in a plain loop (no calls, no yields) until another one tells it to stop.
 * With one P the other can only run if the spinner is preempted. Prints {@code stopped=true} when
 * the spinner stopped within the hang guard, {@code stopped=false} otherwise.
 */
public final class SpinningGoroutineApp {
    private static volatile boolean spinning;
    private static volatile boolean stop;
    private static long iterations;

    public static void main(String[] args) throws Exception {
        Thread spinner = Thread.startVirtualThread(() -> {
            spinning = true;
            long n = 0;
            while (!stop) {
                n++;
            }
            iterations = n;
        });
        while (!spinning) {
            Thread.onSpinWait(); // main is a platform thread: it waits for the spinner to hold the P
        }
        Thread stopper = Thread.startVirtualThread(() -> stop = true);
        boolean stopped = spinner.join(Duration.ofSeconds(30)) && stopper.join(Duration.ofSeconds(1));
        System.out.println("stopped=" + stopped);
        System.out.println("iterations=" + iterations);
        System.exit(0); // a spinner that never stopped must not keep the JVM alive
    }
}
