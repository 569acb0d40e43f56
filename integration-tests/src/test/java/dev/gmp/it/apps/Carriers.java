package dev.gmp.it.apps;

/** What an application can see of where its virtual thread runs, without any gmp or JDK-internal API. */
final class Carriers {
    private Carriers() {}

    /**
     * The carrier's name, from a mounted virtual thread's {@code toString()}, which the JDK writes
     * as {@code VirtualThread[#id]/state@carrier-name}.
     */
    static String current() {
        String self = Thread.currentThread().toString();
        int at = self.lastIndexOf('@');
        return at < 0 ? "(not a mounted virtual thread: " + self + ")" : self.substring(at + 1);
    }
}
