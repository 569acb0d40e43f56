package dev.gmp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
