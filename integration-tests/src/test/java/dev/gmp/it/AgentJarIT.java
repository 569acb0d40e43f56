package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What gmp-agent.jar holds: on the application's class path it adds only gmp's agent and its
 * relocated dependencies (so no copy of Jetty, Javalin, slf4j, Kotlin or Byte Buddy an app has can
 * clash, and no resource of theirs shows through), and the runtime only inside the nested boot jar.
 */
class AgentJarIT {
    private static final String SHADED = "dev/gmp/agent/shaded/";

    /** The settings files also ship beside the jar, where -XX:StartFlightRecording can name them. */
    @Test
    void theJfrSettingsFilesSitNextToTheJarAndParse() throws Exception {
        for (String name : List.of("gmp.jfc", "gmp-profile.jfc")) {
            java.nio.file.Path jfc = ForkedJvm.agentJar().resolveSibling(name);
            assertTrue(java.nio.file.Files.isRegularFile(jfc), jfc + " is missing");
            jdk.jfr.Configuration configuration = jdk.jfr.Configuration.create(jfc);
            assertEquals("true", configuration.getSettings().get("gmp.LongRunning#enabled"), name);
        }
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            return jar.stream().map(JarEntry::getName).filter(name -> !name.endsWith("/")).toList();
        }
    }

    @Test
    void everyClassIsTheAgentsOwnOrRelocatedUnderItsPrefix() throws IOException {
        List<String> foreign = entries().stream()
                .filter(name -> name.endsWith(".class") && !name.startsWith("dev/gmp/agent/"))
                .toList();
        assertEquals(List.of(), foreign);
    }

    @Test
    void theRuntimeAndTheBridgeAreOnlyInTheNestedBootJar() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.stream().noneMatch(name -> name.startsWith("dev/gmp/agent/boot/")), "the bridge must load from the boot jar only");
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile());
             InputStream nested = jar.getInputStream(jar.getJarEntry("META-INF/gmp/gmp-boot.jar"));
             JarInputStream boot = new JarInputStream(nested)) {
            boolean runtime = false;
            boolean bridge = false;
            for (JarEntry e = boot.getNextJarEntry(); e != null; e = boot.getNextJarEntry()) {
                runtime |= e.getName().equals("dev/gmp/Gmp.class");
                bridge |= e.getName().equals("dev/gmp/agent/boot/GmpBridge.class");
            }
            assertTrue(runtime && bridge, "the boot jar holds the runtime and the bridge");
        }
    }

    @Test
    void outsideItsPrefixTheJarHoldsOnlyMetaInf() throws IOException {
        List<String> stray = entries().stream()
                .filter(name -> !name.startsWith("dev/gmp/agent/") && !name.startsWith("META-INF/"))
                .toList();
        assertEquals(List.of(), stray, "root-level resources (jndi.properties, XML schemas, WebJars) would show on the app's class path");
        List<String> metaInf = entries().stream()
                .filter(name -> name.startsWith("META-INF/") && !name.startsWith("META-INF/services/"))
                .filter(name -> !name.matches("META-INF/(MANIFEST\\.MF|LICENSE.*|NOTICE.*|licenses/.*|gmp/gmp-boot\\.jar)"))
                .toList();
        assertEquals(List.of(), metaInf, "META-INF/resources, versions/, native-image hints or Kotlin modules would name unrelocated code");
    }

    @Test
    void serviceFilesNameOnlyRelocatedTypes() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            List<JarEntry> services = jar.stream()
                    .filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList();
            assertTrue(services.stream().anyMatch(e -> e.getName().equals(
                    "META-INF/services/dev.gmp.agent.shaded.slf4j.spi.SLF4JServiceProvider")), "the relocated slf4j-nop provider");
            for (JarEntry service : services) {
                assertTrue(service.getName().startsWith("META-INF/services/dev.gmp.agent.shaded."), service.getName());
                try (InputStream in = jar.getInputStream(service)) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    for (String line : text.split("\n")) {
                        String provider = line.replaceAll("#.*", "").strip();
                        assertTrue(provider.isEmpty() || provider.startsWith("dev.gmp.agent.shaded."),
                                () -> service.getName() + " names " + provider);
                    }
                }
            }
        }
    }

    @Test
    void theDashboardsPageAndChartLibraryMovedWithIt() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.contains(SHADED + "web/static/index.html"), "the page");
        assertTrue(entries.contains(SHADED + "web/versions.properties"), "the WebJar versions");
        assertTrue(entries.stream().anyMatch(name -> name.startsWith(SHADED + "webjars/uplot/")
                && name.endsWith("/dist/uPlot.iife.min.js")), "uPlot");
    }

    @Test
    void theManifestDeclaresTheAgent() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            var attributes = jar.getManifest().getMainAttributes();
            assertEquals("dev.gmp.agent.AgentEntry", attributes.getValue("Premain-Class"));
            assertEquals("dev.gmp.agent.AgentEntry", attributes.getValue("Agent-Class"));
            assertEquals("dev.gmp.agent.AttachMain", attributes.getValue("Main-Class"));
            assertNotNull(attributes.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void theEntryClassLoadsOnAnyJvmFromJava8() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile());
             InputStream in = jar.getInputStream(jar.getJarEntry("dev/gmp/agent/AgentEntry.class"))) {
            byte[] head = in.readNBytes(8);
            int major = (head[6] & 0xff) << 8 | (head[7] & 0xff);
            assertEquals(52, major, "AgentEntry's class file version (52 = Java 8)");
        }
    }

    @Test
    void anOlderJvmRunsTheApplicationWithoutGmpAndSaysWhy() throws Exception {
        Path olderJava = OlderJdk.find();
        Assumptions.assumeTrue(olderJava != null, "no JDK older than 25 under /usr/lib/jvm");
        Path dir = Files.createTempDirectory("gmp-older-jvm");
        Path hello = dir.resolve("Hello.java");
        Files.writeString(hello, "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
        Process p = new ProcessBuilder(olderJava.toString(), "-javaagent:" + ForkedJvm.agentJar(), hello.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the older JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("hello"), out);
        assertTrue(out.contains("gmp: needs Java 25 or newer, this JVM is Java "), out);
        assertTrue(out.contains("the application runs without gmp"), out);
    }

    private static String text(String entry) throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            JarEntry found = jar.getJarEntry(entry);
            assertNotNull(found, entry + " is missing");
            try (InputStream in = jar.getInputStream(found)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void theJarCarriesGmpsLicenseAndTheTextOfEveryBundledLicense() throws IOException {
        assertTrue(text("META-INF/LICENSE").contains("Apache License\n                           Version 2.0, January 2004"),
                "gmp's, Byte Buddy's, Javalin's, Kotlin's and (as chosen) Jetty's license");
        assertTrue(text("META-INF/licenses/ASM").contains("INRIA"), "ASM, inside Byte Buddy: 3-clause BSD");
        assertTrue(text("META-INF/licenses/EPL-2.0.md").contains("Eclipse Public License - v 2.0"), "Jetty, Jakarta Servlet");
        assertTrue(text("META-INF/licenses/slf4j.txt").contains("QOS.ch"), "slf4j: MIT");
        assertTrue(text("META-INF/licenses/uPlot.txt").contains("The MIT License"), "uPlot: MIT");
    }

    /** A newly shaded library fails here until the NOTICE names it and its license. */
    @Test
    void theNoticeNamesEveryBundledComponentAndCarriesByteBuddysNotice() throws IOException {
        String notice = text("META-INF/NOTICE");
        Map<String, String> components = Map.of("bytebuddy", "Byte Buddy", "javalin", "Javalin", "jetty", "Eclipse Jetty",
                "jakarta", "Jakarta Servlet", "kotlin", "Kotlin", "slf4j", "SLF4J", "webjars", "uPlot");
        Set<String> shaded = entries().stream().filter(name -> name.startsWith(SHADED) && name.length() > SHADED.length())
                .map(name -> name.substring(SHADED.length()).split("/")[0])
                .filter(top -> !top.equals("web")) // gmp's own dashboard, relocated with its server
                .collect(Collectors.toSet());
        assertEquals(components.keySet(), shaded, "what the jar shades");
        components.values().forEach(component -> assertTrue(notice.contains("- " + component), component));
        assertTrue(notice.contains("Copyright 2014 - Present Rafael Winterhalter"), "Byte Buddy's NOTICE");
    }
}
