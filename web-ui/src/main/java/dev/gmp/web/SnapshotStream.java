package dev.gmp.web;

import dev.gmp.Gmp;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The live stream: one ticker platform thread takes one {@link Gmp#snapshot()} per tick, writes
 * it as JSON once, and offers that same string to every connected client. Nothing here blocks on
 * a client: {@link StreamClient} drops frames for clients that fall behind. The ticker ticks only
 * while a client is connected: an idle dashboard costs neither the scheduler nor the CPU anything
 * (10 wake-ups a second of the ticker were the largest part of an idle application's CPU).
 */
final class SnapshotStream {
    static final long TICK_MILLIS = 100;
    /**
     * Enough for every browser tab one person opens; a runaway client loop gets refused. The check
     * and the insert are not one atomic step, so concurrent connects may overshoot by a few.
     */
    static final int MAX_CLIENTS = 64;

    /** Open sessions; written by Jetty threads on open/close/failure, iterated by the ticker. */
    private final ConcurrentHashMap<Session, StreamClient> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    /** Snapshots the ticker took; written only by the ticker thread. */
    private final AtomicLong snapshotsTaken = new AtomicLong();
    /** Set after the first failed tick, so a persistent failure prints one line, not ten a second. */
    private final AtomicBoolean tickFailureReported = new AtomicBoolean();
    /**
     * The ticking schedule while any client is connected, else null. Guarded by {@code this}: a
     * connect schedules it if absent, a disconnect that leaves no client cancels it, each checking
     * the client map inside the lock, so the last disconnect and a new connect cannot both miss it.
     */
    private ScheduledFuture<?> ticking;

    SnapshotStream() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("gmp-web-ticker").factory());
        executor.setRemoveOnCancelPolicy(true);
        ticker = executor;
    }

    /** Registers a newly opened session, or refuses it (closing it) when {@link #MAX_CLIENTS} are connected. */
    void connect(Session session) {
        if (clients.size() >= MAX_CLIENTS) {
            session.close(StatusCode.TRY_AGAIN_LATER,
                    "too many dashboard stream clients (at most " + MAX_CLIENTS + ")", Callback.NOOP);
            return;
        }
        clients.put(session, new StreamClient(session, this::writeFailed));
        synchronized (this) {
            if (ticking == null && !ticker.isShutdown()) {
                ticking = ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Forgets a session that closed or failed. Idempotent. */
    void disconnect(Session session) {
        clients.remove(session);
        synchronized (this) {
            if (ticking != null && clients.isEmpty()) {
                ticking.cancel(false);
                ticking = null;
            }
        }
    }

    /** Whether the ticker is scheduled: from a client's connect until the last client has left. */
    synchronized boolean ticking() {
        return ticking != null;
    }

    private void writeFailed(StreamClient client) {
        disconnect(client.session());
        client.session().disconnect();
    }

    private void tick() {
        if (clients.isEmpty()) {
            return;
        }
        try {
            String frame = SnapshotJson.write(Gmp.snapshot());
            snapshotsTaken.incrementAndGet();
            for (StreamClient client : clients.values()) {
                client.offer(frame);
            }
        } catch (RuntimeException e) {
            // A throw would cancel the schedule (scheduleAtFixedRate): report it and keep ticking.
            if (tickFailureReported.compareAndSet(false, true)) {
                Dashboard.warn("dashboard stream tick failed (reported once): " + e);
            }
        }
    }

    int clientCount() {
        return clients.size();
    }

    long snapshotsTaken() {
        return snapshotsTaken.get();
    }

    /** Frames dropped for slow clients, summed over the clients connected now. */
    long droppedFrames() {
        return clients.values().stream().mapToLong(StreamClient::dropped).sum();
    }

    /** Stops the ticker and closes every session. */
    void stop() {
        ticker.shutdownNow();
        for (Session session : clients.keySet()) {
            session.close(StatusCode.SHUTDOWN, "dashboard stopped", Callback.NOOP);
        }
        clients.clear();
    }
}
