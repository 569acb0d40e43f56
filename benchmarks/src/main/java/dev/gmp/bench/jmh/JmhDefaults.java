package dev.gmp.bench.jmh;

/** JVM flags every JMH fork gets: library use of gmp reaches java.lang internals. */
final class JmhDefaults {
    private JmhDefaults() {}

    static final String OPEN_JAVA_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
}
