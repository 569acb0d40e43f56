package dev.gmp.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded load against one path of a server on 127.0.0.1: exactly {@code requests} GETs, at most
 * {@code concurrency} in flight, given up after {@code timeBound}. Its client threads are platform
 * threads, so the virtual threads a test or benchmark watches are the server's alone.
 */
public final class LoopbackLoad {
    private LoopbackLoad() {}

    /** Kept failure messages: enough to diagnose, few enough to read. */
    private static final int FAILURES_KEPT = 10;

    /**
     * @param ok         requests answered 200 and accepted by the check
     * @param failed     requests that failed, were refused or were rejected by the check
     * @param unanswered requests not sent, or not answered, within the time bound
     * @param failures   the first few failures, as text
     * @param elapsed    from the first request to the last answer (or the bound)
     */
    public record Outcome(long ok, long failed, long unanswered, List<String> failures, Duration elapsed) {
        /** Whether every request was answered within the bound. */
        public boolean completed() {
            return unanswered == 0;
        }
    }

    /** The load; any answer 200 counts as ok. */
    public static Outcome run(int port, String path, int requests, int concurrency, Duration timeBound)
            throws InterruptedException {
        return run(port, path, requests, concurrency, timeBound, response -> null);
    }

    /**
     * The load; an answer 200 counts as ok when {@code check} returns null for it, and as failed,
     * with the check's text, otherwise. {@code check} runs on the client's threads.
     */
    public static Outcome run(int port, String path, int requests, int concurrency, Duration timeBound,
            Function<HttpResponse<String>, String> check) throws InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new IllegalArgumentException("requests and concurrency must be >= 1, got " + requests + " and " + concurrency);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().name("load-", 0).factory());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clients)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // Invariant: permits + requests in flight == concurrency; a completion releases its permit.
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long deadline = start + timeBound.toNanos();
        try {
            for (int sent = 0; sent < requests; sent++) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    String failure = error != null ? error.toString()
                            : response.statusCode() != 200 ? "status " + response.statusCode() + ": " + response.body()
                            : check.apply(response);
                    if (failure == null) {
                        ok.incrementAndGet();
                    } else if (failed.incrementAndGet() <= FAILURES_KEPT) {
                        failures.add(failure);
                    }
                    inFlight.release();
                });
            }
            // Wait for the last requests, within the same bound.
            inFlight.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            http.shutdownNow();
            clients.shutdownNow();
        }
        long answeredOk = ok.get();
        long answeredFailed = failed.get();
        return new Outcome(answeredOk, answeredFailed, requests - answeredOk - answeredFailed, List.copyOf(failures),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
