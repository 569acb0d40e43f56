package dev.gmp.bench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;

/** JFR settings for the recording rows: one of the JDK's predefined sets, with one of gmp's .jfc files on top. */
final class RecordingSettings {
    static final String GMP = "dev/gmp/jfr/gmp.jfc";
    static final String GMP_PROFILE = "dev/gmp/jfr/gmp-profile.jfc";

    private RecordingSettings() {}

    /** The JDK's predefined {@code jdk} settings ("default", "profile"). */
    static Map<String, String> jdk(String jdk) throws IOException, ParseException {
        return new HashMap<>(Configuration.getConfiguration(jdk).getSettings());
    }

    /** The JDK's {@code jdk} settings with gmp's {@code gmpResource} (a class-path .jfc) on top. */
    static Map<String, String> jdkPlusGmp(String jdk, String gmpResource) throws IOException, ParseException {
        Map<String, String> settings = jdk(jdk);
        try (InputStream in = ClassLoader.getSystemResourceAsStream(gmpResource)) {
            if (in == null) {
                throw new IOException(gmpResource + " is not on the class path (gmp-runtime too old?)");
            }
            settings.putAll(Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)).getSettings());
        }
        return settings;
    }
}
