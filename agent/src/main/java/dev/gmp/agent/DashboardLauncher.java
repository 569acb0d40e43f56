package dev.gmp.agent;

import dev.gmp.web.Dashboard;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one place the dashboard (module web-ui, {@link Dashboard}) plugs into the agent. In
 * gmp-agent.jar the dashboard and its Javalin, Jetty, Kotlin and slf4j are relocated under
 * {@code dev.gmp.agent.shaded}, so an application's own copies of them never meet the agent's.
 *
 * <p>The dashboard's server threads are daemon platform threads (never virtual threads, so the
 * redirect never makes them goroutines): watching the scheduler does not load it, and a running
 * dashboard never keeps the JVM alive.
 *
 * <p>Starting Javalin and Jetty takes about a second on a small machine, longer than many an
 * application's whole run, so at start-up ({@link #startInBackground}) the server starts on a
 * platform thread of its own while {@code main} runs. The port is checked first, in premain: a
 * busy port or an address this host does not have still costs its one line before {@code main}.
 */
final class DashboardLauncher {
    private DashboardLauncher() {}

    /**
     * Starts the dashboard on {@code host:port} ({@code port} 0: any free port) and returns the URL
     * it really listens on. When the server cannot start (a busy port, an address this host does
     * not have) that costs one line and the application runs without the dashboard (empty); any
     * other failure is thrown for the installer to report the same way.
     */
    static Optional<String> start(String host, int port, boolean control) {
        try {
            return Optional.of(Dashboard.start(host, port, control).url());
        } catch (IllegalStateException e) {
            reportCannotBind(host, port, e);
            return Optional.empty();
        }
    }

    /**
     * Checks now that {@code host:port} can be bound (for port 0, picks the free port), then starts
     * the dashboard there on a daemon platform thread. {@code announce} is called exactly once, on
     * whichever thread comes first: the starting thread once the server listens (with its URL) or
     * has failed (empty, after the failure's one line), or a shutdown hook when the application
     * ends before the server listened (with the URL it was to listen on). Returns false, after the
     * one line that says why, when the address cannot be bound; {@code announce} is then never called.
     */
    static boolean startInBackground(String host, int port, boolean control, Consumer<Optional<String>> announce) {
        int free;
        try {
            free = bindable(host, port);
        } catch (IOException e) {
            reportCannotBind(host, port, e);
            return false;
        }
        AtomicBoolean announced = new AtomicBoolean();
        Thread starter = Thread.ofPlatform().name("gmp-dashboard-start").daemon().unstarted(() -> {
            Optional<String> url;
            long begin = System.nanoTime();
            try {
                url = start(host, free, control);
                AgentLog.debug("dashboard started in the background: " + (System.nanoTime() - begin) / 1_000_000 + " ms");
            } catch (Throwable t) {
                AgentLog.error("cannot start the dashboard on " + host + ":" + port + " (" + t + "); running without");
                url = Optional.empty();
            }
            if (announced.compareAndSet(false, true)) {
                announce.accept(url);
            }
        });
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gmp-dashboard-announce").unstarted(() -> {
            if (announced.compareAndSet(false, true)) {
                announce.accept(Optional.of(urlFor(host, free)));
            }
        }));
        starter.start();
        return true;
    }

    /** Binds {@code host:port} the way Jetty will (address reuse on) and lets go; returns the port bound. */
    private static int bindable(String host, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 1);
            return socket.getLocalPort();
        }
    }

    /** The URL Dashboard.url() gives for a server on {@code host:port}. */
    private static String urlFor(String host, int port) {
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port + "/";
    }

    /** The one line for an address the dashboard cannot listen on. */
    private static void reportCannotBind(String host, int port, Throwable failure) {
        if (isAddressInUse(failure)) {
            AgentLog.error("dashboard port " + port + " is busy (" + host + ":" + port + " already in use; "
                    + "choose another with dashboard=PORT or dashboard=0); running without the dashboard");
        } else {
            AgentLog.error("cannot start the dashboard on " + host + ":" + port + " (" + rootMessage(failure)
                    + "); running without the dashboard");
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Whether binding failed because another socket holds the address. A BindException alone is
     * not enough: binding an address this host does not have ({@code host=}) fails with one too.
     */
    private static boolean isAddressInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException bind && bind.getMessage() != null
                    && bind.getMessage().toLowerCase(Locale.ROOT).contains("already in use")) {
                return true;
            }
        }
        return false;
    }
}
