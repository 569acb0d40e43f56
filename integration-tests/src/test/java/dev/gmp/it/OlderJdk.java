package dev.gmp.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A JDK older than 25 installed beside the build's (Debian's default java is 17), for the agent's refusal test. */
final class OlderJdk {
    private OlderJdk() {}

    /** The java launcher of an installed JDK older than 25, or null when there is none. */
    static Path find() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && olderThan25(home))
                    .map(home -> home.resolve("bin/java")).sorted().findFirst().orElse(null);
        }
    }

    /** Reads JAVA_VERSION from the JDK's release file ("17.0.15", "1.8.0_412", "25.0.3"). */
    private static boolean olderThan25(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String feature = version.startsWith("1.") ? version.substring(2) : version;
                    int end = 0;
                    while (end < feature.length() && Character.isDigit(feature.charAt(end))) end++;
                    return end > 0 && Integer.parseInt(feature.substring(0, end)) < 25;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
