package dev.gmp.web;

import java.util.List;

/** The live threads of every running dashboard: they are all named gmp-web... */
final class ServerThreads {
    private ServerThreads() {}

    static List<Thread> list() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("gmp-web")).toList();
    }

    static int count() {
        return list().size();
    }
}
