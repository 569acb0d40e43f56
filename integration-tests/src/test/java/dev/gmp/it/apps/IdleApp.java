package dev.gmp.it.apps;

/**
 * An application that starts one virtual thread, prints {@code carrier=NAME} and {@code ready},
 * then does nothing until told to stop: whatever a dashboard shows happening afterwards, the
 * application did not cause.
 */
public final class IdleApp {
    public static void main(String[] args) throws Exception {
        String[] carrier = new String[1];
        Thread.startVirtualThread(() -> carrier[0] = Carriers.current()).join();
        System.out.println("carrier=" + carrier[0]);
        System.out.println("ready");
        StopLine.await();
        System.out.println("stopped");
    }
}
