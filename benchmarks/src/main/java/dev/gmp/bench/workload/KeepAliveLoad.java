package dev.gmp.bench.workload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop load on one path of an HTTP/1.1 server on 127.0.0.1, as wrk makes it: each of
 * {@code connections} platform threads keeps one connection alive and sends its next GET when the
 * last answer is read. It loads for {@code warmUp} (not counted), then counts the requests answered
 * within {@code window} and records each one's latency.
 *
 * <p>The client speaks just enough HTTP by hand (a request line, a Host header, and responses with
 * a Content-Length) that it costs little CPU beside the server: on a small machine a heavyweight
 * client would measure itself.
 */
final class KeepAliveLoad {
    private KeepAliveLoad() {}

    /**
     * The JVM options of a child whose JDK HttpServer this load drives: the usual heap, and
     * TCP_NODELAY on the server's sockets. Without it the server's two writes per response (headers,
     * then body) meet the client's delayed ACK, and every request on a kept-alive connection waits
     * ~40 ms for it: the figure would be the kernel's timer, not the server.
     */
    static List<String> serverJvmOptions() {
        return List.of("-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true");
    }

    /**
     * @param answered  requests answered 200 within the window
     * @param failed    requests that failed (an error status, a broken connection) at any time
     * @param window    the measured window
     * @param latencies each answered request's latency in nanoseconds, sorted
     */
    record Outcome(long answered, long failed, Duration window, long[] latencies) {
        /** This outcome; throws naming {@code what} was loaded when any request failed. */
        Outcome requireNoFailures(String what) {
            if (failed > 0) {
                throw new IllegalStateException(what + ": " + failed + " requests failed, " + answered + " answered");
            }
            return this;
        }

        /** Wall milliseconds per 1,000 answered requests: inverse throughput, lower is better. */
        double millisPerThousand() {
            if (answered == 0) {
                throw new IllegalStateException("no request was answered within the " + window.toMillis() + " ms window");
            }
            return window.toNanos() / 1e6 / (answered / 1_000.0);
        }

        /** The {@code q} quantile (0..1) of the latencies, in milliseconds. */
        double latencyMillis(double q) {
            if (latencies.length == 0) {
                throw new IllegalStateException("no latencies recorded");
            }
            return Stats.quantile(latencies, q) / 1e6;
        }
    }

    static Outcome run(int port, String path, int connections, Duration warmUp, Duration window) throws InterruptedException {
        if (connections < 1 || window.isNegative() || window.isZero() || warmUp.isNegative()) {
            throw new IllegalArgumentException("need connections >= 1, a positive window and a warm-up >= 0; got "
                    + connections + ", " + window + ", " + warmUp);
        }
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long begin = System.nanoTime();
        long windowStart = begin + warmUp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        CountDownLatch finished = new CountDownLatch(connections);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Client client = new Client(port, request, windowStart, windowEnd, finished);
            clients.add(client);
            Thread.ofPlatform().daemon().name("keep-alive-load-" + i).start(client);
        }
        finished.await();
        long answered = 0, failed = 0;
        int count = 0;
        for (Client c : clients) {
            answered += c.answered;
            failed += c.failed;
            count += c.latencyCount;
        }
        long[] latencies = new long[count];
        int at = 0;
        for (Client c : clients) {
            System.arraycopy(c.latencies, 0, latencies, at, c.latencyCount);
            at += c.latencyCount;
        }
        Arrays.sort(latencies);
        return new Outcome(answered, failed, window, latencies);
    }

    /** One connection's loop; its counts are read after {@code finished} opens (the latch orders them). */
    private static final class Client implements Runnable {
        private final int port;
        private final byte[] request;
        private final long windowStart, windowEnd;
        private final CountDownLatch finished;
        long answered, failed;
        long[] latencies = new long[1024];
        int latencyCount;

        Client(int port, byte[] request, long windowStart, long windowEnd, CountDownLatch finished) {
            this.port = port;
            this.request = request;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.finished = finished;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < windowEnd) {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(30_000);
                        talk(socket);
                    } catch (IOException e) {
                        failed++; // the server closed or broke the connection: open a new one
                    }
                }
            } finally {
                finished.countDown();
            }
        }

        /** Request after request on one connection until the window ends; returns when the server closes it. */
        private void talk(Socket socket) throws IOException {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            long now;
            while ((now = System.nanoTime()) < windowEnd) {
                out.write(request);
                out.flush();
                boolean ok = readResponse(in);
                long done = System.nanoTime();
                if (!ok) {
                    failed++;
                } else if (now >= windowStart && done <= windowEnd) {
                    answered++;
                    record(done - now);
                }
            }
        }

        private void record(long nanos) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
        }
    }

    /** Reads one response with a Content-Length body; true for status 200. Throws at the end of the stream. */
    static boolean readResponse(InputStream in) throws IOException {
        String status = line(in);
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(header.substring(colon + 1).trim());
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length: " + status);
        }
        in.skipNBytes(length); // throws EOFException when the connection ends first
        return status.startsWith("HTTP/1.1 200");
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }
}
