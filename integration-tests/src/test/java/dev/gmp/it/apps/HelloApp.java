package dev.gmp.it.apps;

/** Prints {@code main ran} (start-up got as far as the application) and one virtual thread's {@code carrier=NAME}. */
public final class HelloApp {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("main ran");
        String[] carrier = new String[1];
        Thread.startVirtualThread(() -> carrier[0] = Carriers.current()).join();
        System.out.println("carrier=" + carrier[0]);
    }
}
