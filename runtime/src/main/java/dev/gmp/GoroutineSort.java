package dev.gmp;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The goroutine table's sort keys: the ids ascending (oldest first), every other key largest first. */
public enum GoroutineSort {
    ID, AGE, RUNNABLE, RUNNING, WAITING, SLICES, WAKEUPS;

    /** The key named {@code name} (case-insensitive); an unknown name is an error that lists the valid ones. */
    public static GoroutineSort parse(String name) {
        for (GoroutineSort s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sort key '" + name + "'; valid: " + validNames());
    }

    public static String validNames() {
        return Arrays.stream(values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
