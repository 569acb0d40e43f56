package dev.gmp.web;

import dev.gmp.testsupport.Http;

/**
 * A started scheduler with one known parked goroutine, watched by a read-only dashboard on an
 * ephemeral loopback port: the fixture of the API tests.
 */
final class WatchedScheduler implements AutoCloseable {
    final ParkedGoroutine parked = new ParkedGoroutine(); // also starts the scheduler
    final Dashboard dashboard = Dashboard.start("127.0.0.1", 0);
    final Http http = Http.loopback(dashboard.port());

    @Override
    public void close() {
        http.close();
        dashboard.stop();
        parked.close();
    }
}
