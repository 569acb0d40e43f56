package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * Reads and sets the JDK's virtual-thread scheduler bean, as a monitoring tool or the JDK's own
 * tests do, directly and through the platform MBean server, runs the diagnostic command behind
 * {@code jcmd PID Thread.vthread_scheduler}, and prints what the JDK's views said next to what gmp
 * says ({@code key=value} lines):
 * <ul>
 *   <li>{@code jcmd}: each line of the diagnostic command's output, with 3 Ps;</li>
 *   <li>{@code parallelism}, and {@code gomaxprocsAfterSet}/{@code proxyGomaxprocsAfterSet} after
 *       setting it to 3 directly and back to the start value through the proxy;</li>
 *   <li>{@code refused} for each out-of-range size: the exception and its message;</li>
 *   <li>with every P busy with a spinning thread and 5 more started: {@code poolSize},
 *       {@code mounted}, {@code queued};</li>
 *   <li>{@code pinnedWaitNotified}: at 1 P raised to 2 through the bean, a thread waits in
 *       Object.wait where it cannot unmount (inside a class initializer) and another notifies it.</li>
 * </ul>
 */
public final class JdkSchedulerViewsApp {
    private static final Object LOCK = new Object();
    private static volatile boolean waiting;
    private static volatile boolean notified;

    /** Its initializer waits on {@link #LOCK}: the class initializer's frame pins the thread. */
    private static final class WaitsInItsInitializer {
        static {
            synchronized (LOCK) {
                waiting = true;
                while (!notified) {
                    try {
                        LOCK.wait();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        static void touch() {}
    }

    public static void main(String[] args) throws Exception {
        VirtualThreadSchedulerMXBean bean = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        VirtualThreadSchedulerMXBean proxy = ManagementFactory.newPlatformMXBeanProxy(
                ManagementFactory.getPlatformMBeanServer(), "jdk.management:type=VirtualThreadScheduler",
                VirtualThreadSchedulerMXBean.class);
        int parallelism = bean.getParallelism();
        System.out.println("parallelism=" + parallelism);
        System.out.println("proxyParallelism=" + proxy.getParallelism());
        bean.setParallelism(3);
        System.out.println("gomaxprocsAfterSet=" + Gmp.gomaxprocs());
        String jcmd = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadVthreadScheduler",
                new Object[] {null}, new String[] {String[].class.getName()});
        jcmd.lines().forEach(line -> System.out.println("jcmd=" + line));
        proxy.setParallelism(parallelism);
        System.out.println("proxyGomaxprocsAfterSet=" + Gmp.gomaxprocs());
        for (int size : new int[] {0, -1, 32768}) {
            try {
                bean.setParallelism(size);
                System.out.println("refused=none for " + size);
            } catch (IllegalArgumentException e) {
                System.out.println("refused=" + e.getMessage());
            }
        }

        saturated(bean, parallelism);
        pinnedWait(bean);
        System.exit(0); // a thread left pinned by a failure must not keep the JVM up
    }

    /** Every P busy with a spinning thread, then 5 more threads that can only queue. */
    private static void saturated(VirtualThreadSchedulerMXBean bean, int parallelism) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < parallelism; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!done.get()) {
                        Thread.onSpinWait();
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (bean.getMountedVirtualThreadCount() < parallelism && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 5; i++) {
                threads.add(Thread.ofVirtual().start(() -> {}));
            }
            System.out.println("poolSize=" + bean.getPoolSize());
            System.out.println("mounted=" + bean.getMountedVirtualThreadCount());
            System.out.println("queued=" + bean.getQueuedVirtualThreadCount());
        } finally {
            done.set(true);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** The JDK tests' set-up for a pinned wait: one P is not enough, so they ask the bean for two. */
    private static void pinnedWait(VirtualThreadSchedulerMXBean bean) throws InterruptedException {
        Gmp.gomaxprocs(1);
        if (bean.getParallelism() < 2) {
            bean.setParallelism(2);
        }
        Thread waiter = Thread.ofVirtual().start(WaitsInItsInitializer::touch);
        while (!waiting) {
            Thread.sleep(1);
        }
        Thread.ofVirtual().start(() -> {
            synchronized (LOCK) {
                notified = true;
                LOCK.notifyAll();
            }
        });
        System.out.println("pinnedWaitNotified=" + waiter.join(Duration.ofSeconds(10)));
    }
}
