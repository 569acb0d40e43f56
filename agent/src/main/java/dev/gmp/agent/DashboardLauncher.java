package dev.gmp.agent;

import dev.gmp.web.Dashboard;
import java.net.BindException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place the dashboard (module web-ui, {@link Dashboard}) plugs into the agent. In
 * gmp-agent.jar the dashboard and its Javalin, Jetty, Kotlin and slf4j are relocated under
 * {@code dev.gmp.agent.shaded}, so an application's own copies of them never meet the agent's.
 *
 * <p>The dashboard's server threads are daemon platform threads (never virtual threads, so the
 * redirect never makes them goroutines): watching the scheduler does not load it, and a running
 * dashboard never keeps the JVM alive.
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
            if (isAddressInUse(e)) {
                AgentLog.error("dashboard port " + port + " is busy (" + host + ":" + port + " already in use; "
                        + "choose another with dashboard=PORT or dashboard=0); running without the dashboard");
            } else {
                AgentLog.error("cannot start the dashboard on " + host + ":" + port + " (" + rootMessage(e)
                        + "); running without the dashboard");
            }
            return Optional.empty();
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
