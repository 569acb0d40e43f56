package dev.gmp.web;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A Jetty WebSocket {@link Session} stand-in that records sendText calls and lets the test
 * decide when each write completes. It counts writes in flight, to check the one-in-flight rule.
 */
final class FakeSession {
    record Write(String text, Callback callback) {}

    final Session session;
    final ConcurrentLinkedQueue<Write> inFlight = new ConcurrentLinkedQueue<>();
    final List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger writesInFlight = new AtomicInteger();
    final AtomicInteger mostWritesInFlight = new AtomicInteger();
    volatile boolean completeAtOnce;
    volatile boolean disconnected;

    FakeSession() {
        session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        int now = writesInFlight.incrementAndGet();
                        mostWritesInFlight.accumulateAndGet(now, Math::max);
                        Write w = new Write((String) args[0], (Callback) args[1]);
                        if (completeAtOnce) {
                            complete(w);
                        } else {
                            inFlight.add(w);
                        }
                        yield null;
                    }
                    case "disconnect" -> {
                        disconnected = true;
                        yield null;
                    }
                    case "isOpen" -> !disconnected;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Completes the oldest write in flight; false if there is none. */
    boolean completeOne() {
        Write w = inFlight.poll();
        if (w == null) {
            return false;
        }
        complete(w);
        return true;
    }

    /** Fails the oldest write in flight, as Jetty does when the peer has gone. */
    void failOne() {
        Write w = inFlight.poll();
        writesInFlight.decrementAndGet();
        w.callback().fail(new java.io.IOException("broken pipe"));
    }

    private void complete(Write w) {
        written.add(w.text());
        writesInFlight.decrementAndGet(); // before succeed: succeed may start the next write at once
        w.callback().succeed();
    }
}
