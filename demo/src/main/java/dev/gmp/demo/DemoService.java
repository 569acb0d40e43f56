package dev.gmp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gmp.Chan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small HTTP service written the ordinary JDK 25 way: one virtual thread per request
 * ({@link Executors#newVirtualThreadPerTaskExecutor()}). Nothing in it mentions the scheduler; the
 * agent moves its virtual threads onto gmp. Each endpoint exercises one kind of scheduling:
 * <ul>
 *   <li>{@code /file} — file I/O (writes and reads back a file: syscalls, handoffs)</li>
 *   <li>{@code /pipeline} — a three-stage channel pipeline of goroutines (parks, runnext wake-ups)</li>
 *   <li>{@code /cpu} — a CPU burst (long slices, stealing)</li>
 *   <li>{@code /sleep} — a short sleep (timers, global-queue wake-ups)</li>
 *   <li>{@code /where} — which carrier thread served the request</li>
 * </ul>
 */
public final class DemoService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Path scratch;

    public DemoService(int port) throws IOException {
        scratch = Files.createTempDirectory("gmp-demo-");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(requests);
        server.createContext("/file", ex -> reply(ex, fileRoundTrip()));
        server.createContext("/pipeline", ex -> reply(ex, pipeline()));
        server.createContext("/cpu", ex -> reply(ex, "burn " + burn(200_000)));
        server.createContext("/sleep", ex -> reply(ex, sleep()));
        server.createContext("/where", ex -> reply(ex, Thread.currentThread().toString()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private String fileRoundTrip() throws IOException {
        Path file = scratch.resolve("req-" + Thread.currentThread().threadId() + ".txt");
        byte[] data = ("payload " + ThreadLocalRandom.current().nextLong() + "\n").repeat(256).getBytes(StandardCharsets.UTF_8);
        Files.write(file, data);
        byte[] back = Files.readAllBytes(file);
        Files.delete(file);
        return "file " + back.length + " bytes";
    }

    /** numbers → square → sum, each stage a goroutine, connected by unbuffered channels. */
    private static String pipeline() {
        Chan<Long> numbers = Chan.make();
        Chan<Long> squares = Chan.make();
        Chan<Long> total = Chan.make(1);
        Thread.startVirtualThread(() -> {
            for (long i = 1; i <= 100; i++) numbers.send(i);
            numbers.close();
        });
        Thread.startVirtualThread(() -> {
            for (long n : numbers) squares.send(n * n);
            squares.close();
        });
        Thread.startVirtualThread(() -> {
            long sum = 0;
            for (long s : squares) sum += s;
            total.send(sum);
        });
        return "pipeline " + total.recv();
    }

    private static String sleep() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "slept";
    }

    static long burn(int iterations) {
        long x = ThreadLocalRandom.current().nextLong();
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x & 0xff;
    }

    private static void reply(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        requests.close();
    }
}
