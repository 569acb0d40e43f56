package dev.gmp.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Blocking HTTP calls against a dashboard, with a hang guard on every request. */
final class Http implements AutoCloseable {
    static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(HANG_GUARD).build();
    private final String base;

    Http(Dashboard dashboard) {
        this.base = "http://127.0.0.1:" + dashboard.port();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(HANG_GUARD).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return base;
    }

    @Override
    public void close() {
        client.close();
    }
}
