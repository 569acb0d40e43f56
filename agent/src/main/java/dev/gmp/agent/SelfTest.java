package dev.gmp.agent;

import dev.gmp.jdk.VirtualThreads;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Proves the redirect is live: a virtual thread started the way an application would start one runs on a gmp M. */
final class SelfTest {
    private SelfTest() {}

    /** A hang guard: the thread does nothing but note its carrier. */
    private static final Duration LIMIT = Duration.ofSeconds(10);
    static final String M_NAME_PREFIX = "gmp-m-";

    /** Returns null when it passed, else why it failed. */
    static String run() throws InterruptedException {
        AtomicReference<String> carrier = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().name("gmp-self-test")
                .start(() -> carrier.set(VirtualThreads.currentCarrierThread().getName()));
        if (!thread.join(LIMIT)) {
            return "self-test failed: a new virtual thread did not finish within " + LIMIT.toSeconds() + " s";
        }
        String name = carrier.get();
        if (name == null || !name.startsWith(M_NAME_PREFIX)) {
            return "self-test failed: a new virtual thread ran on " + name + ", not on a gmp M";
        }
        AgentLog.info("self-test passed: a new virtual thread ran on " + name);
        return null;
    }
}
