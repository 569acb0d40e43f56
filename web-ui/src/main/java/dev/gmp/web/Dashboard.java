package dev.gmp.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * gmp's live scheduler dashboard: an embedded Javalin (Jetty) server that serves the page at
 * {@code /}, JSON at {@code /api/snapshot} and {@code /api/goroutines}, Go's SCHED line at
 * {@code /api/schedtrace}, Prometheus text at {@code /metrics}, a WebSocket at
 * {@code /api/stream} pushing a snapshot every {@value SnapshotStream#TICK_MILLIS} ms, and, only
 * with control on, {@code POST /api/gomaxprocs}. Every request must name this dashboard in its
 * {@code Host} header ({@link HostCheck}: localhost, the bind host, an IP address), else 403.
 *
 * <pre>{@code
 * Dashboard d = Dashboard.start("127.0.0.1", 0);   // 0: any free port
 * System.err.println("dashboard at " + d.url());
 * ...
 * d.stop();
 * }</pre>
 *
 * <p>The observer must not perturb what it observes, and must keep answering when the scheduler
 * is saturated: every server thread is a daemon platform thread (never a virtual thread, so never
 * a gmp G, even under the agent), the pool is small and bounded (one acceptor, one selector, at
 * most 16 threads), and monitoring never starts the scheduler ({@code Gmp.snapshot()} of a
 * scheduler that was never started is an empty picture). Only {@code POST /api/gomaxprocs} may
 * start it.
 */
public final class Dashboard implements AutoCloseable {
    /** The address the dashboard binds unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Enough for a few browser tabs and a scraper; WebSocket clients hold no thread between frames. */
    private static final int MAX_SERVER_THREADS = 16;

    private final Javalin app;
    private final SnapshotStream stream;
    private final QueuedThreadPool threadPool;
    private final String host;
    private final int port;
    private final boolean control;

    private Dashboard(Javalin app, SnapshotStream stream, QueuedThreadPool threadPool, String host, boolean control) {
        this.app = app;
        this.stream = stream;
        this.threadPool = threadPool;
        this.host = host;
        this.port = app.port();
        this.control = control;
    }

    /** Starts a read-only dashboard. See {@link #start(String, int, boolean)}. */
    public static Dashboard start(String host, int port) {
        return start(host, port, false);
    }

    /**
     * Starts the dashboard and returns once it listens.
     *
     * @param host    address to bind; null or blank means {@value #DEFAULT_HOST}. Any non-loopback
     *                address prints a warning on stderr, since the page shows goroutine stacks.
     * @param port    TCP port, or 0 for any free port (see {@link #port()})
     * @param control whether {@code POST /api/gomaxprocs} may change GOMAXPROCS; off: it answers 403
     * @throws IllegalArgumentException when the port is outside 0..65535
     * @throws IllegalStateException    when the server cannot start (e.g. the port is taken)
     */
    public static Dashboard start(String host, int port, boolean control) {
        String bindHost = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dashboard port must be 0 (any free port) to 65535, got " + port);
        }
        QueuedThreadPool pool = newThreadPool();
        Server server = newServer(pool);
        SnapshotStream stream = new SnapshotStream();
        Javalin app;
        try {
            app = Javalin.create(cfg -> configure(cfg, server, bindHost, port, stream, control));
            app.start();
        } catch (RuntimeException e) {
            stream.stop();
            stopQuietly(server);
            throw new IllegalStateException("cannot start the gmp dashboard on " + bindHost + ":" + port + ": "
                    + rootMessage(e), e);
        }
        Dashboard dashboard = new Dashboard(app, stream, pool, bindHost, control);
        String warning = exposureWarning(bindHost, dashboard.port, control);
        if (warning != null) {
            warn(warning);
        }
        return dashboard;
    }

    /** Daemon platform threads named gmp-web-N; daemon so a dashboard never keeps the JVM alive. */
    private static QueuedThreadPool newThreadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_SERVER_THREADS, 2);
        pool.setName("gmp-web");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        pool.setVirtualThreadsExecutor(null); // explicit: never virtual threads, see the class comment
        return pool;
    }

    /** Jetty's default scheduler thread is not a daemon, so the server gets its own. */
    private static Server newServer(QueuedThreadPool pool) {
        Server server = new Server(pool, new ScheduledExecutorScheduler("gmp-web-scheduler", true), null);
        server.setErrorHandler(new PlainErrorHandler()); // for requests Jetty refuses before Javalin sees them
        return server;
    }

    private static void configure(JavalinConfig cfg, Server server, String host, int port,
                                  SnapshotStream stream, boolean control) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.startup.startupWatcherEnabled = false; // it would start a non-daemon thread
        cfg.concurrency.useVirtualThreads = false;
        cfg.jetty.threadPool = server.getThreadPool();
        cfg.unsafe.jettyInternal.server = server;
        cfg.jetty.addConnector((srv, httpConfig) -> {
            // One acceptor and one selector whatever the core count: the server's footprint is fixed.
            ServerConnector connector = new ServerConnector(srv, 1, 1, new HttpConnectionFactory(httpConfig));
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        });
        cfg.jetty.modifyServletContextHandler(handler -> {
            if (handler.getErrorHandler() instanceof org.eclipse.jetty.ee10.servlet.ErrorHandler servletErrors) {
                servletErrors.setShowStacks(false);
            }
        });
        cfg.http.prefer405over404 = true;
        cfg.http.maxRequestSize = GomaxprocsControl.MAX_BODY_BYTES;
        HostCheck hostCheck = new HostCheck(host);
        cfg.routes.before(hostCheck::require);
        cfg.routes.wsBeforeUpgrade(hostCheck::require);
        StaticAssets.register(cfg.routes);
        ApiRoutes.register(cfg.routes, stream, new GomaxprocsControl(control));
        ErrorResponses.register(cfg.routes);
    }

    /** The stderr warning for a dashboard others can reach, or null when it listens on loopback only. */
    static String exposureWarning(String host, int port, boolean control) {
        if (isLoopback(host)) {
            return null;
        }
        return "dashboard listens on " + host + ":" + port
                + ", not on loopback: anyone who can reach it can read goroutine stacks"
                + (control ? " and change GOMAXPROCS" : "");
    }

    /** The bound port: the real one when started with port 0. */
    public int port() {
        return port;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return urlFor(host, port);
    }

    /** An IPv6 literal needs brackets in a URL. */
    static String urlFor(String host, int port) {
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port + "/";
    }

    /** Whether {@code POST /api/gomaxprocs} is allowed. */
    public boolean control() {
        return control;
    }

    /** Closes every stream, stops the server and ends its threads. Idempotent. */
    public void stop() {
        stream.stop();
        if (!app.jettyServer().server().isStopped()) {
            app.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** For tests: the live stream's bookkeeping. */
    SnapshotStream stream() {
        return stream;
    }

    /** For tests: the server's thread pool. */
    QueuedThreadPool threadPool() {
        return threadPool;
    }

    /** One line on stderr, the agent's convention for things the user must see. */
    static void warn(String message) {
        System.err.println("gmp: WARNING: " + message);
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // Jetty would have failed to bind an unknown host already
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Best effort: we are already reporting the start failure.
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
