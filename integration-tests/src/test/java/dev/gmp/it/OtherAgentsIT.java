package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.BesideAnotherAgentApp;
import dev.gmp.it.apps.MixedLoadApp;
import dev.gmp.it.apps.TransformingAgent;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gmp's agent beside other Java agents, as production JVMs run it: monitoring agents transform
 * classes as the JVM loads them, and their transformers do what gmp hooks (read files, write logs)
 * on the loading thread, gmp's own classes included. Whichever agent starts first, virtual threads
 * run on gmp's Ms and gmp reports no failure.
 */
class OtherAgentsIT {
    /** The OpenTelemetry agent without exporters: it instruments, records, and sends nothing. */
    static final String[] OTEL_SETTINGS = {"-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none"};

    @Test
    void gmpStartsWhenAnEarlierAgentsTransformerBlocksWhileGmpsClassesLoad(@TempDir Path dir) throws Exception {
        Path otherAgent = agentJar(dir.resolve("transforming-agent.jar"), TransformingAgent.class);
        Result r = ForkedJvm.app(BesideAnotherAgentApp.class).agentFirst(otherAgent, null).agent("dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Integer.parseInt(r.value("gmpClassesSeen")) > 0, () -> "the other agent saw no gmp class load\n" + r);
        assertNoFailureOfGmp(r);
        assertEquals("gmp-m-", r.value("carriers"), () -> "virtual threads ran off gmp's Ms\n" + r);
    }

    @ParameterizedTest(name = "OpenTelemetry agent first: {0}")
    @ValueSource(booleans = {true, false})
    void aMixedLoadRunsOnGmpBesideTheOpenTelemetryAgent(boolean otelFirst) throws Exception {
        Path otel = otelAgent();
        ForkedJvm jvm = ForkedJvm.app(MixedLoadApp.class).agent("procs=2,dashboard=off").jvmArgs(OTEL_SETTINGS).args("2000");
        if (otelFirst) {
            jvm.agentFirst(otel, null);
        } else {
            jvm.jvmArgs("-javaagent:" + otel);
        }
        Result r = jvm.run();
        assertEquals("", r.value("hung"), r::toString);
        assertEquals("", r.value("failure"), r::toString);
        assertEquals(0, r.exitCode(), r::toString);
        assertNoFailureOfGmp(r);
        for (String kind : MixedLoadApp.KINDS) {
            assertTrue(Long.parseLong(r.value("ops." + kind)) > 0, () -> "no " + kind + " operation ran\n" + r);
        }
        assertEquals("gmp-m-", r.value("carriers"), () -> "operations ran off gmp's Ms\n" + r);
    }

    /** A failing hook or a redirect turned off is said once on stderr and the app goes on: the line is the failure. */
    private static void assertNoFailureOfGmp(Result r) {
        assertEquals(List.of(), r.gmpLines().stream()
                .filter(line -> line.contains("fail") || line.contains("error") || line.contains("default scheduler")).toList(),
                r::toString);
    }

    /** A jar with only a manifest naming {@code premainClass}, which comes from the application's class path. */
    private static Path agentJar(Path jar, Class<?> premainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), premainClass.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    static Path otelAgent() {
        String path = System.getProperty("gmp.it.otelAgent");
        assertTrue(path != null && Files.isRegularFile(Path.of(path)),
                "gmp.it.otelAgent must name the OpenTelemetry Java agent jar (got " + path + "); run: mvn -pl integration-tests -am verify");
        return Path.of(path);
    }
}
