package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.AttachTargetApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import dev.gmp.testsupport.ForkedJvm.Running;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** java -jar gmp-agent.jar PID [options]: gmp joins a JVM that was started without it. */
class AttachIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void attachingSendsTheVirtualThreadsCreatedAfterwardsToGmp() throws Exception {
        try (Running app = ForkedJvm.app(AttachTargetApp.class).start()) {
            app.awaitStdout(line -> line.equals("ready"), WAIT);
            app.awaitStdout(line -> line.startsWith("carrier=ForkJoinPool-"), WAIT); // the JDK's scheduler, before

            Result cli = ForkedJvm.agentCommandLine(Long.toString(app.pid()), "procs=2", "dashboard=off");

            assertEquals(0, cli.exitCode(), cli::toString);
            assertEquals("gmp: attached to JVM " + app.pid() + ": the virtual threads it creates from now on run on gmp",
                    cli.stdout().getFirst(), cli::toString);
            app.awaitStderr(line -> line.equals("gmp: 2 procs"), WAIT);
            app.awaitStdout(line -> line.startsWith("carrier=gmp-m-"), WAIT);
        }
    }

    @Test
    void withoutArgumentsTheCommandPrintsUsageAndTheLocalJvms() throws Exception {
        try (Running app = ForkedJvm.app(AttachTargetApp.class).start()) {
            app.awaitStdout(line -> line.equals("ready"), WAIT);
            Result cli = ForkedJvm.agentCommandLine();
            assertEquals(0, cli.exitCode(), cli::toString);
            assertEquals("usage: java -jar gmp-agent.jar <pid> [options]", cli.stdout().getFirst(), cli::toString);
            assertTrue(cli.stdout().stream().anyMatch(line -> line.matches("\\s+" + app.pid() + "\\s+.*AttachTargetApp.*")),
                    cli::toString);
        }
    }

    @Test
    void aBadOptionIsRefusedBeforeAttaching() throws Exception {
        try (Running app = ForkedJvm.app(AttachTargetApp.class).start()) {
            app.awaitStdout(line -> line.equals("ready"), WAIT);
            Result cli = ForkedJvm.agentCommandLine(Long.toString(app.pid()), "procs=lots");
            assertEquals(2, cli.exitCode(), cli::toString);
            assertEquals("gmp: bad option procs=lots; valid: a whole number from 1 to 1024", cli.stderr().getFirst(),
                    cli::toString);
            app.awaitStdout(line -> line.startsWith("carrier=ForkJoinPool-"), WAIT); // untouched and running
        }
    }
}
