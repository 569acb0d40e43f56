package dev.gmp.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A /api/stream client that counts whole frames and remembers how the server closed it. */
final class StreamListener implements WebSocket.Listener {
    final AtomicInteger frames = new AtomicInteger();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    volatile String lastFrame;
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static StreamListener connect(HttpClient client, Dashboard dashboard, String origin) throws Exception {
        StreamListener listener = new StreamListener();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        listener.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + dashboard.port() + "/api/stream"), listener)
                .get(20, TimeUnit.SECONDS);
        return listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            lastFrame = partial.toString();
            partial.setLength(0);
            frames.incrementAndGet();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedWith.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedWith.completeExceptionally(error);
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
