package dev.gmp.bench.workload;

/** The application {@link AgentStartUp} launches: one virtual thread prints one line. */
public final class StartUpHello {
    private StartUpHello() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.ofVirtual().start(() -> System.out.println("hello from " + Thread.currentThread())).join();
    }
}
