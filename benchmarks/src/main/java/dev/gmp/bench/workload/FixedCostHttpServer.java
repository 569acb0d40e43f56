package dev.gmp.bench.workload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 (ephemeral port) that runs every request on its own virtual
 * thread and answers each with the same fixed amount of work: a short arithmetic loop and a small
 * body. Fixed cost, unlike the demo's mixed endpoints (file reads, sleeps, random paths), so the
 * difference between two runs is the scheduler's and the agent's, not the mix's.
 *
 * <p>The virtual threads are made with {@link Executors#newVirtualThreadPerTaskExecutor()}, the
 * JDK's own API: under gmp's agent they run on gmp, without it on the JDK's default scheduler.
 */
final class FixedCostHttpServer implements AutoCloseable {
    /** Iterations of the handler's loop: a few microseconds of application work per request. */
    static final int WORK_ITERATIONS = 2_000;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    FixedCostHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/work", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = Long.toString(work(WORK_ITERATIONS)).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An xorshift walk whose result is sent back, so the JIT cannot drop it. */
    static long work(int iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
