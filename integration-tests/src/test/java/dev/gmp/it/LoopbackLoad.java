package dev.gmp.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load from the test JVM against one loopback URL: {@code requests} GETs, at most
 * {@code concurrency} in flight (one client thread each), none started after the deadline. Every
 * answer must be 200 and name a mounted virtual thread ({@code ...@carrier}); the carriers seen
 * are collected.
 */
final class LoopbackLoad {
    private LoopbackLoad() {}

    /** Kept failure messages: enough to diagnose, few enough to read. */
    private static final int FAILURES_KEPT = 10;

    /**
     * @param ok       requests answered 200 by a virtual thread
     * @param failed   requests that failed, were refused or were never sent before the deadline
     * @param examples the first few failures, as text
     * @param carriers how many answers each carrier gave
     * @param elapsed  from the first request to the last answer
     */
    record Outcome(int ok, int failed, List<String> examples, Map<String, Integer> carriers, Duration elapsed) {
        Set<String> carrierNames() {
            return new TreeSet<>(carriers.keySet());
        }
    }

    static Outcome run(URI uri, int requests, int concurrency, Duration deadline) throws InterruptedException {
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("loopback only, got " + uri);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
        Map<String, Integer> carriers = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(Thread.ofVirtual().name("load-", w).start(() -> {
                    while (next.getAndIncrement() < requests && System.nanoTime() < end) {
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            String carrier = carrierOf(r.body());
                            if (r.statusCode() == 200 && carrier != null) {
                                ok.incrementAndGet();
                                carriers.merge(carrier, 1, Integer::sum);
                            } else {
                                fail(failed, examples, "status " + r.statusCode() + ": " + r.body());
                            }
                        } catch (Exception e) {
                            fail(failed, examples, e.toString());
                        }
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        int unsent = requests - ok.get() - failed.get();
        if (unsent > 0) {
            examples.add(unsent + " requests not sent within " + deadline);
            failed.addAndGet(unsent);
        }
        return new Outcome(ok.get(), failed.get(), List.copyOf(examples), Map.copyOf(carriers),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** The carrier after the '@' of a mounted virtual thread's toString(), or null for anything else. */
    static String carrierOf(String body) {
        int at = body.lastIndexOf('@');
        return body.startsWith("VirtualThread[") && at > 0 ? body.substring(at + 1).strip() : null;
    }

    private static void fail(AtomicInteger failed, ConcurrentLinkedQueue<String> examples, String what) {
        if (failed.incrementAndGet() <= FAILURES_KEPT) {
            examples.add(what);
        }
    }
}
