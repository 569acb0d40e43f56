package dev.gmp.agent;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code jfr=FILE}: a JFR recording from start-up, written to FILE when the JVM exits (JFR's own
 * shutdown hook stops dump-on-exit recordings and writes them whole).
 */
final class JfrRecording {
    private JfrRecording() {}

    static final String NAME = "gmp";

    /** gmp's settings, in the runtime: they name gmp's events only, so each is combined with a JDK set. */
    private static final String GMP_SETTINGS = "dev/gmp/jfr/gmp.jfc";
    private static final String GMP_PROFILE_SETTINGS = "dev/gmp/jfr/gmp-profile.jfc";

    static void start(Path file, JfrSettings settings) throws IOException, ParseException {
        Recording recording = new Recording(settings(settings));
        recording.setName(NAME);
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.setDumpOnExit(true);
        recording.start();
    }

    private static Map<String, String> settings(JfrSettings settings) throws IOException, ParseException {
        return switch (settings.kind()) {
            case GMP -> combined("default", GMP_SETTINGS);
            case PROFILE -> combined("profile", GMP_PROFILE_SETTINGS);
            case FILE -> Configuration.create(settings.file()).getSettings();
        };
    }

    /** The JDK's named settings plus gmp's (their keys never overlap: gmp's events are named gmp.*). */
    private static Map<String, String> combined(String jdkName, String gmpResource) throws IOException, ParseException {
        Map<String, String> all = new HashMap<>(Configuration.getConfiguration(jdkName).getSettings());
        String gmp = new String(BootstrapJar.readResource(gmpResource), StandardCharsets.UTF_8);
        all.putAll(Configuration.create(new StringReader(gmp)).getSettings());
        return all;
    }
}
