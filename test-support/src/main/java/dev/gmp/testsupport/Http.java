package dev.gmp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Blocking HTTP/1.1 calls against one server (a dashboard, in this project's tests), with a hang
 * guard on the connection and on every request. Paths resolve against {@link #base()}.
 */
public class Http implements AutoCloseable {
    public static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HANG_GUARD)
            .build();
    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    /** A client for {@code http://127.0.0.1:port/}. */
    public static Http loopback(int port) {
        return new Http(URI.create("http://127.0.0.1:" + port + "/"));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(HANG_GUARD).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI base() {
        return base;
    }

    /** {@code scheme://host:port}, what a browser sends as {@code Origin} for a page of this server. */
    public String origin() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Writes {@code request} as it is (ISO-8859-1) to 127.0.0.1:{@code port}, for what HttpClient
     * will not send (a bad Host, a malformed request line). With {@code untilClose}, returns all the
     * server wrote before closing; otherwise its first read, which holds a short reply whole and does
     * not wait on a connection the server keeps open (a 101 upgrade).
     */
    public static String raw(int port, String request, boolean untilClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) HANG_GUARD.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            if (untilClose) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
