package dev.gmp.agent;

import dev.gmp.agent.boot.GmpBridge;
import dev.gmp.agent.instrument.AppNativeMethods;
import dev.gmp.agent.instrument.PreemptionPoints;
import dev.gmp.agent.instrument.SchedulerHooks;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one install path, for premain and agentmain alike. Runs with the boot jar already on the
 * bootstrap class path. Failures of the core (opening java.base, starting the scheduler,
 * instrumenting the JDK, the self-test) leave the application on the JDK's default scheduler;
 * failures of an extra (a JFR recording, the dashboard) cost only that extra. Each says so in one line.
 */
final class AgentInstaller {
    private AgentInstaller() {}

    static void install(AgentOptions options, Instrumentation inst, boolean attached) {
        AgentLog.setLevel(options.log());
        if (!GmpBridge.claimInstall()) {
            AgentLog.error("already running in this JVM; new options ignored");
            return;
        }
        int procs;
        try {
            procs = installCore(options, inst);
        } catch (Throwable t) {
            GmpBridge.disableRedirect("start-up failed (" + AgentLog.describe(t) + ")");
            return;
        }
        List<String> on = new ArrayList<>();
        on.add(procs + (procs == 1 ? " proc" : " procs"));
        URL agentJar = AgentInstaller.class.getProtectionDomain().getCodeSource().getLocation();
        extra("wrap the application's JNI native methods", () -> AppNativeMethods.install(inst, agentJar));
        if (options.preempt()) {
            extra("insert preemption points", () -> PreemptionPoints.install(inst, agentJar));
            on.add("preempt on");
        }
        options.jfr().ifPresent(file -> extra("start the JFR recording " + file, () -> {
            JfrRecording.start(file, options.jfrSettings());
            on.add("jfr " + file);
        }));
        options.trace().ifPresent(dir -> extra("start trace dumps to " + dir, () -> {
            TraceDumps.start(dir);
            on.add("trace dumps to " + dir);
        }));
        List<String> after = new ArrayList<>();
        if (!options.redirect()) {
            after.add("redirect off");
        }
        if (options.schedtraceMillis() > 0) {
            after.add("schedtrace every " + options.schedtraceMillis() + " ms");
        }
        if (options.dashboardPort().isEmpty()) {
            announce(on, Optional.empty(), after, options);
        } else if (attached) {
            int port = options.dashboardPort().getAsInt();
            AtomicReference<Optional<String>> url = new AtomicReference<>(Optional.empty());
            extra("start the dashboard on " + options.host() + ":" + port,
                    () -> url.set(DashboardLauncher.start(options.host(), port, options.control())));
            announce(on, url.get(), after, options);
        } else {
            // premain: main need not wait for Javalin and Jetty; the line comes once they listen.
            int port = options.dashboardPort().getAsInt();
            if (!DashboardLauncher.startInBackground(options.host(), port, options.control(),
                    url -> announce(on, url, after, options))) {
                announce(on, Optional.empty(), after, options);
            }
        }
        if (attached && options.redirect()) {
            AgentLog.info("attached: virtual threads created from now on run on gmp");
        }
    }

    /** The start-up line: what runs, the dashboard's URL when it listens, then what is off. */
    private static void announce(List<String> on, Optional<String> dashboardUrl, List<String> after, AgentOptions options) {
        List<String> line = new ArrayList<>(on);
        dashboardUrl.ifPresent(url -> line.add("dashboard " + url + (options.control() ? " (control on)" : "")));
        line.addAll(after);
        AgentLog.info(String.join(", ", line));
    }

    /** An optional part of the start-up. */
    private interface Step {
        void run() throws Exception;
    }

    /** Runs one optional part of the start-up; its failure costs only that part. */
    private static void extra(String what, Step step) {
        long start = System.nanoTime();
        try {
            step.run();
            AgentLog.debug(what + ": " + millisSince(start) + " ms");
        } catch (Throwable t) {
            AgentLog.error("cannot " + what + " (" + AgentLog.describe(t) + "); running without");
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * Before any hook is live (see {@link BootClasses}). A failure is only reported: gmp runs without
     * the guard, as it did before it existed.
     */
    private static void preloadBootClasses() {
        long start = System.nanoTime();
        try {
            int count = BootClasses.preload();
            AgentLog.debug("loaded " + count + " boot classes: " + millisSince(start) + " ms");
        } catch (Throwable t) {
            AgentLog.error("cannot load gmp's own classes ahead of its hooks (" + t
                    + "); another agent's transformer may then meet them half-loaded");
        }
    }

    /** Opens java.base, starts the scheduler, instruments the JDK, self-tests; returns GOMAXPROCS. */
    private static int installCore(AgentOptions options, Instrumentation inst) throws InterruptedException {
        long start = System.nanoTime();
        JdkModules.openTo(inst, GmpBridge.class.getModule());
        preloadBootClasses();
        int procs = SchedulerStart.start(options);
        if (options.redirect()) {
            GmpBridge.enableRedirect(); // before the advice goes live: it may act the moment it is installed
        }
        AgentLog.debug("scheduler started: " + millisSince(start) + " ms");
        start = System.nanoTime();
        SchedulerHooks.Result jdk = SchedulerHooks.install(inst, options.redirect(), options.blocking());
        AgentLog.debug("JDK instrumented: " + millisSince(start) + " ms");
        if (jdk.redirectFailed()) {
            GmpBridge.disableRedirect("cannot instrument java.lang.ThreadBuilders");
        } else if (options.redirect()) {
            String failure = SelfTest.run();
            if (failure != null) {
                GmpBridge.disableRedirect(failure);
            }
        }
        return procs;
    }
}
