package dev.gmp.it.apps;

/**
 * A long-running application started without the agent: prints {@code ready}, then every 100 ms
 * starts a virtual thread and prints {@code carrier=NAME}, until killed (or after two minutes).
 */
public final class AttachTargetApp {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            String[] carrier = new String[1];
            Thread.startVirtualThread(() -> carrier[0] = Carriers.current()).join();
            System.out.println("carrier=" + carrier[0]);
            Thread.sleep(100);
        }
    }
}
