package dev.gmp.agent;

import java.nio.file.Path;

/**
 * Which JFR settings a {@code jfr=FILE} recording uses ({@code jfrSettings=gmp|profile|PATH}).
 *
 * @param kind the built-in settings, or {@link Kind#FILE}
 * @param file the settings file for {@link Kind#FILE}, else null
 */
public record JfrSettings(Kind kind, Path file) {
    public enum Kind {
        /** gmp's always-on events (gmp.jfc) plus the JDK's low-overhead "default" set. */
        GMP,
        /** every gmp event with stacks (gmp-profile.jfc) plus the JDK's "profile" set. */
        PROFILE,
        /** A .jfc file of the user's. */
        FILE
    }

    public static final JfrSettings DEFAULT = new JfrSettings(Kind.GMP, null);

    @Override
    public String toString() {
        return kind == Kind.FILE ? file.toString() : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
