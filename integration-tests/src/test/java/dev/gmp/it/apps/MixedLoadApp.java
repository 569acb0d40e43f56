package dev.gmp.it.apps;

import dev.gmp.Gmp;
import dev.gmp.testsupport.NativeSleep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Production's mix at once, as no single test has it: 200 virtual threads for {@code args[0]} ms,
 * each picking at random among monitors held across a sleep, {@code wait}/{@code notifyAll},
 * j.u.c. lock conditions with timeouts, loopback socket echoes, interrupting a sleeping thread,
 * executor futures, CompletableFutures with timeouts, a native call, CPU loops and yields; while a
 * platform thread unparks them at random (spurious wake-ups) and another changes GOMAXPROCS between
 * 1 and 4. Prints {@code ops.KIND=N} per kind, {@code carriers=} the distinct carrier name prefixes
 * the operations ran on, {@code failure=} (empty when none), and {@code hung=} the first thread not
 * done 30 s after the deadline (empty when none, and the app then exits 0).
 */
public final class MixedLoadApp {
    /** The operations, in the order of {@link #operation}'s cases; each prints {@code ops.KIND=N}. */
    public static final List<String> KINDS = List.of("monitorSleep", "waitNotify", "conditionAwait", "socketEcho",
            "interruptSleep", "executorFuture", "completableFuture", "nativeCall", "cpu", "yield");

    private final LongAdder[] ops = new LongAdder[KINDS.size()];
    private final Set<String> carriers = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object[] monitors = {new Object(), new Object(), new Object(), new Object()};
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();

    private MixedLoadApp() {
        for (int i = 0; i < ops.length; i++) {
            ops[i] = new LongAdder();
        }
    }

    public static void main(String[] args) throws Exception {
        new MixedLoadApp().run(Long.parseLong(args[0]));
    }

    private void run(long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Thread> workers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread.ofVirtual().name("echo-acceptor").start(() -> acceptEchoes(server));
            for (int i = 0; i < 200; i++) {
                workers.add(Thread.ofVirtual().name("mixed-" + i).start(() -> work(end, server.getLocalPort(), executor)));
            }
            Thread unparker = Thread.ofPlatform().daemon().name("unparker").start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    LockSupport.unpark(workers.get(random.nextInt(workers.size())));
                    LockSupport.parkNanos(100_000);
                }
            });
            Thread resizer = Thread.ofPlatform().daemon().name("resizer").start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int before = Gmp.gomaxprocs();
                while (System.nanoTime() < end) {
                    Gmp.gomaxprocs(1 + random.nextInt(4));
                    LockSupport.parkNanos(random.nextLong(20_000_000));
                }
                Gmp.gomaxprocs(before);
            });
            String hung = "";
            long deadline = end + TimeUnit.SECONDS.toNanos(30);
            for (Thread t : workers) {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    StringBuilder stack = new StringBuilder(t + " " + t.getState());
                    for (StackTraceElement e : t.getStackTrace()) {
                        stack.append(" | ").append(e);
                    }
                    hung = stack.toString();
                    break;
                }
            }
            unparker.join();
            resizer.join();
            for (int k = 0; k < KINDS.size(); k++) {
                System.out.println("ops." + KINDS.get(k) + "=" + ops[k].sum());
            }
            System.out.println("carriers=" + String.join(",", carriers));
            Throwable failed = failure.get();
            System.out.println("failure=" + (failed == null ? "" : failed.toString().replace('\n', ' ')));
            if (failed != null) {
                failed.printStackTrace();
            }
            System.out.println("hung=" + hung);
            System.out.flush();
            if (!hung.isEmpty()) {
                Runtime.getRuntime().halt(2); // a hung virtual thread would keep the executor's close waiting
            }
        }
    }

    private void work(long end, int port, ExecutorService executor) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (System.nanoTime() < end) {
                int kind = random.nextInt(KINDS.size());
                operation(kind, random, port, executor);
                carriers.add(Carriers.current().replaceAll("[0-9]+$", ""));
                ops[kind].increment();
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void operation(int kind, ThreadLocalRandom random, int port, ExecutorService executor) throws Exception {
        switch (kind) {
            case 0 -> {
                synchronized (monitors[random.nextInt(monitors.length)]) {
                    Thread.sleep(0, random.nextInt(200_000));
                }
            }
            case 1 -> {
                Object monitor = monitors[random.nextInt(monitors.length)];
                synchronized (monitor) {
                    monitor.wait(1);
                    monitor.notifyAll();
                }
            }
            case 2 -> {
                lock.lock();
                try {
                    condition.awaitNanos(random.nextInt(500_000));
                    condition.signal();
                } finally {
                    lock.unlock();
                }
            }
            case 3 -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.getOutputStream().write(new byte[] {1, 2, 3});
                    byte[] echoed = socket.getInputStream().readNBytes(3);
                    if (echoed.length != 3 || echoed[2] != 3) {
                        throw new IllegalStateException("the echo returned " + echoed.length + " bytes");
                    }
                }
            }
            case 4 -> {
                Thread sleeper = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(10_000);
                        throw new IllegalStateException("an interrupted 10 s sleep ran to its end");
                    } catch (InterruptedException expected) {
                        // the point: the interrupt ends the sleep at once
                    }
                });
                sleeper.interrupt();
                if (!sleeper.join(Duration.ofSeconds(5))) {
                    throw new IllegalStateException("an interrupted sleep did not end within 5 s");
                }
            }
            case 5 -> {
                int got = executor.submit(() -> {
                    LockSupport.parkNanos(random.nextInt(100_000));
                    return 1;
                }).get(10, TimeUnit.SECONDS);
                if (got != 1) {
                    throw new IllegalStateException("the future returned " + got);
                }
            }
            case 6 -> CompletableFuture.supplyAsync(() -> 2, executor).orTimeout(10, TimeUnit.SECONDS).join();
            case 7 -> NativeSleep.usleep(random.nextInt(300));
            case 8 -> {
                long x = random.nextLong();
                for (int i = 0; i < 100_000; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                }
                if (x == 0) {
                    System.out.print("");
                }
            }
            default -> Thread.yield();
        }
    }

    private static void acceptEchoes(ServerSocket server) {
        try {
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        InputStream in = socket.getInputStream();
                        OutputStream out = socket.getOutputStream();
                        for (int b; (b = in.read()) >= 0; ) {
                            out.write(b);
                        }
                    } catch (IOException e) {
                        // the client closed first
                    }
                });
            }
        } catch (IOException e) {
            // the server socket closed: the app is done
        }
    }
}
