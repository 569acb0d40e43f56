package dev.gmp.bench.workload;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load generator for {@link FixedCostHttpServer}: exactly {@code requests} GETs to the
 * loopback address, at most {@code concurrency} in flight, given up after {@code timeBound}. Its
 * threads are platform threads, so the virtual threads measured are the server's alone.
 */
final class LoopbackLoad {
    private LoopbackLoad() {}

    /** What a run did; {@code completed} is false when the time bound cut it short. */
    record Result(long ok, long failed, long elapsedNanos, boolean completed) {}

    static Result run(int port, int requests, int concurrency, Duration timeBound) throws InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new IllegalArgumentException("requests and concurrency must be >= 1, got " + requests + " and " + concurrency);
        }
        URI uri = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + "/work");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().name("load-", 0).factory());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clients)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // Invariant: permits + requests in flight == concurrency; a completion releases its permit.
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + timeBound.toNanos();
        boolean completed = true;
        try {
            for (int sent = 0; sent < requests; sent++) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    completed = false;
                    break;
                }
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 200) ok.incrementAndGet(); else failed.incrementAndGet();
                    inFlight.release();
                });
            }
            // Wait for the last requests, within the same bound.
            if (completed && !inFlight.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()),
                    java.util.concurrent.TimeUnit.NANOSECONDS)) {
                completed = false;
            }
        } finally {
            http.shutdownNow();
            clients.shutdownNow();
        }
        return new Result(ok.get(), failed.get(), System.nanoTime() - start, completed);
    }
}
