package dev.gmp.bench.workload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small server with what real virtual-thread servers block on, one endpoint each: a monitor held
 * across a sleep, a JDBC pool (HikariCP over H2 in memory), a fan-out to virtual threads that sleep,
 * and a plain hello. A JDK {@link HttpServer} on 127.0.0.1 runs each request on its own virtual
 * thread ({@link Executors#newVirtualThreadPerTaskExecutor()}), so under gmp's agent every blocking
 * point in it goes through gmp.
 */
final class RealishServer implements AutoCloseable {
    /** The endpoints, in the order the rows list them. */
    static final List<String> ENDPOINTS = List.of("/hello", "/monitor", "/db", "/fanout");
    /** Monitors the /monitor requests spread over: contended (64 clients), but not one global queue. */
    static final int MONITORS = 8;
    static final int POOL_SIZE = 10;
    static final int ROWS = 1_000;
    static final int FAN_OUT = 10;
    static final int FAN_OUT_SLEEP_MILLIS = 2;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final HikariDataSource pool;
    private final Object[] monitors = new Object[MONITORS];
    private final AtomicInteger nextMonitor = new AtomicInteger();
    private final AtomicInteger nextRow = new AtomicInteger();

    RealishServer() throws IOException, SQLException {
        for (int i = 0; i < MONITORS; i++) {
            monitors[i] = new Object();
        }
        pool = pool();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            pool.close();
            throw e;
        }
        server.createContext("/hello", handler(() -> "hello"));
        server.createContext("/monitor", handler(this::monitor));
        server.createContext("/db", handler(this::query));
        server.createContext("/fanout", handler(this::fanOut));
        server.setExecutor(handlers);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A fresh in-memory database with a table of {@link #ROWS} rows, behind a pool of {@link #POOL_SIZE}. */
    private static HikariDataSource pool() throws SQLException {
        HikariConfig config = new HikariConfig();
        // A name per server: the database lives as long as the pool holds a connection to it.
        config.setJdbcUrl("jdbc:h2:mem:bench" + DATABASES.incrementAndGet());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setPoolName("bench-pool");
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(64))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
                for (int id = 0; id < ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "item-" + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /** Holds one of the monitors across a 1 ms sleep, as a synchronized service method around a slow call would. */
    private String monitor() throws IOException {
        Object monitor = monitors[Math.floorMod(nextMonitor.getAndIncrement(), MONITORS)];
        synchronized (monitor) {
            sleep(1);
        }
        return "slept";
    }

    /** One pooled connection, one indexed query. */
    private String query() throws IOException {
        int id = Math.floorMod(nextRow.getAndIncrement(), ROWS);
        try (Connection c = pool.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
            select.setInt(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IOException("no row " + id);
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IOException("query for row " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** {@link #FAN_OUT} virtual threads that each sleep {@link #FAN_OUT_SLEEP_MILLIS} ms, joined. */
    private String fanOut() throws IOException {
        List<Thread> children = new ArrayList<>(FAN_OUT);
        for (int i = 0; i < FAN_OUT; i++) {
            children.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(FAN_OUT_SLEEP_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            for (Thread child : children) {
                child.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("fan-out interrupted", e);
        }
        return "joined " + FAN_OUT;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A handler's body, or its failure as a 500 (the load counts it as failed). */
    private interface Body {
        String get() throws IOException;
    }

    private static HttpHandler handler(Body body) {
        return exchange -> {
            String text;
            int status = 200;
            try {
                text = body.get();
            } catch (IOException | RuntimeException e) {
                status = 500;
                text = e.toString();
            }
            respond(exchange, status, text);
        };
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        pool.close();
    }
}
