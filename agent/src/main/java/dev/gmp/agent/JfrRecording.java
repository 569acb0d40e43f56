package dev.gmp.agent;

import dev.gmp.Gmp;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code jfr=FILE}: a JFR recording from start-up, written to FILE when the JVM exits (JFR's own
 * shutdown hook stops dump-on-exit recordings and writes them whole).
 */
final class JfrRecording {
    private JfrRecording() {}

    static final String NAME = "gmp";

    /** Where the runtime keeps gmp's settings (they name its own events as well as the JDK's). */
    private static final String GMP_SETTINGS = "/dev/gmp/jfr/gmp.jfc";
    private static final String GMP_PROFILE_SETTINGS = "/dev/gmp/jfr/gmp-profile.jfc";

    static void start(Path file, JfrSettings settings) throws IOException, ParseException {
        Recording recording = new Recording(configuration(settings));
        recording.setName(NAME);
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.setDumpOnExit(true);
        recording.start();
    }

    private static Configuration configuration(JfrSettings settings) throws IOException, ParseException {
        return switch (settings.kind()) {
            case GMP -> gmpOrJdk(GMP_SETTINGS, "default");
            case PROFILE -> gmpOrJdk(GMP_PROFILE_SETTINGS, "profile");
            case FILE -> Configuration.create(settings.file());
        };
    }

    /**
     * gmp's settings file from the runtime on the bootstrap path; a runtime built without one
     * (before its JFR events existed) gets the JDK's settings of the same weight.
     */
    private static Configuration gmpOrJdk(String resource, String jdkName) throws IOException, ParseException {
        try (InputStream in = Gmp.class.getResourceAsStream(resource)) {
            if (in == null) {
                AgentLog.debug("this runtime has no " + resource + "; recording with the JDK's '" + jdkName + "' settings");
                return Configuration.getConfiguration(jdkName);
            }
            return Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }
}
