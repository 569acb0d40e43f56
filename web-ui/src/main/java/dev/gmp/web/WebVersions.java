package dev.gmp.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions of the WebJars the page loads, written into {@code versions.properties} by the build
 * (Maven resource filtering), so the page's URLs need no version and a WebJar upgrade is one pom edit.
 */
final class WebVersions {
    private WebVersions() {}

    static final String UPLOT = load().getProperty("uplot");

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = WebVersions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/gmp/web/versions.properties is missing from the gmp-web-ui jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
