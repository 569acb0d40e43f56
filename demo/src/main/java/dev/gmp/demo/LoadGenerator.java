package dev.gmp.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded loopback load generator: at most {@code concurrency} requests in flight, at most
 * {@code maxRequests} in all, for at most {@code duration}. It only ever targets 127.0.0.1.
 * Its client threads are platform threads, so the load it makes is the service's, not its own.
 * Tests and benchmarks use test-support's {@code LoopbackLoad} instead; this one ships in the demo's
 * jar, which test-support must not, and spreads its requests over the service's endpoints.
 */
public final class LoadGenerator {
    private static final List<String> PATHS = List.of("/file", "/pipeline", "/cpu", "/sleep", "/cpu", "/pipeline");

    public record Result(long ok, long failed, long elapsedMillis) {}

    public static Result run(int port, int concurrency, long maxRequests, Duration duration) throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().name("load-", 0).factory());
        HttpClient http = HttpClient.newBuilder().executor(clients).connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try {
            for (long sent = 0; sent < maxRequests && System.nanoTime() < deadline; sent++) {
                inFlight.acquire();
                String path = PATHS.get(ThreadLocalRandom.current().nextInt(PATHS.size()));
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30)).build();
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 200) ok.incrementAndGet(); else failed.incrementAndGet();
                    inFlight.release();
                });
            }
            inFlight.acquire(concurrency); // wait for the last requests
        } finally {
            http.close();
            clients.shutdownNow();
        }
        return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1_000_000);
    }

    private LoadGenerator() {}
}
