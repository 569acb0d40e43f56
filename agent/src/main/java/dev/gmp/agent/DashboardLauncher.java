package dev.gmp.agent;

import java.util.Optional;

/**
 * The one place the dashboard (module web-ui, {@code dev.gmp.web.Dashboard}) plugs into the agent.
 * This build of the agent jar does not contain the dashboard, so asking for it says so and the
 * application runs without it.
 */
final class DashboardLauncher {
    private DashboardLauncher() {}

    /** Starts the dashboard on {@code host:port}; returns its URL, or empty (after one line saying why). */
    static Optional<String> start(String host, int port) {
        AgentLog.info("dashboard=" + port + " ignored: this build of gmp-agent.jar has no dashboard");
        return Optional.empty();
    }
}
