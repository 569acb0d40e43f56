package dev.gmp.jdktests;

import java.util.ArrayList;
import java.util.List;

/** jtreg's {@code @modules} entries as the javac and java options that grant the same access. */
final class ModuleOptions {
    private ModuleOptions() {}

    /** Internal packages of java.base the test library itself compiles against. */
    private static final List<String> TEST_LIBRARY_EXPORTS = List.of(
            "java.base/jdk.internal.misc", "java.base/jdk.internal.vm", "java.base/jdk.internal.event");

    /** {@code mod/pkg} exports the package, {@code mod/pkg:open} and {@code :+open} open it, {@code mod} adds the module. */
    static List<String> forJvm(List<String> modules) {
        List<String> options = new ArrayList<>();
        for (String entry : modules) {
            int slash = entry.indexOf('/');
            if (slash < 0) {
                options.add("--add-modules=" + entry);
                continue;
            }
            int colon = entry.indexOf(':');
            String target = colon < 0 ? entry : entry.substring(0, colon);
            boolean open = colon >= 0 && entry.substring(colon + 1).contains("open");
            options.add((open ? "--add-opens=" : "--add-exports=") + target + "=ALL-UNNAMED");
        }
        for (String export : TEST_LIBRARY_EXPORTS) {
            options.add("--add-exports=" + export + "=ALL-UNNAMED");
        }
        return options;
    }

    /** The same for javac, which knows only exports (an open package is exported to the compiler). */
    static List<String> forCompiler(List<String> modules) {
        return forJvm(modules).stream().map(o -> o.replace("--add-opens=", "--add-exports=")).toList();
    }
}
