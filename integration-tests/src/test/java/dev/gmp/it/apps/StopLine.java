package dev.gmp.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * How the long-running apps learn to stop: the line {@code stop} on stdin. End of input counts too,
 * so an app whose test JVM died does not outlive it.
 */
final class StopLine {
    private StopLine() {}

    static void await() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        do {
            line = in.readLine();
        } while (line != null && !line.strip().equals("stop"));
    }
}
