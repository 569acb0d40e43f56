package dev.gmp.it.apps;

import dev.gmp.Gmp;
import dev.gmp.GoroutineGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * An ordinary application that talks over a loopback socket from virtual threads, which makes
 * the JDK start its socket pollers (virtual threads of its own in JDK 25). When the app's threads
 * are done it prints what gmp counts and dumps: {@code numGoroutine=N}, whether the default dump
 * and the dump with system goroutines show a JDK poller, and the dump's total.
 */
public final class SocketPollerApp {
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    System.out.println("read=" + in.read()); // blocks: the read is polled
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread client = Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort());
                     OutputStream out = s.getOutputStream()) {
                    Thread.sleep(200); // let the reader park in the poller first
                    out.write(7);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            acceptor.join();
            client.join();
        }
        // A joined thread has ended; the M that ran it counts it finished a moment later.
        for (int i = 0; i < 200 && Gmp.numGoroutine() > 0; i++) {
            Thread.sleep(10);
        }
        System.out.println("numGoroutine=" + Gmp.numGoroutine());
        System.out.println("pollerInDump=" + showsAPoller(Gmp.goroutines()));
        System.out.println("pollerInSystemDump=" + showsAPoller(Gmp.goroutines(true)));
        System.out.println("dumpTotal=" + Gmp.goroutines().stream().mapToInt(GoroutineGroup::count).sum());
    }

    private static boolean showsAPoller(List<GoroutineGroup> groups) {
        return groups.stream().flatMap(g -> g.stack().stream()).anyMatch(frame -> frame.contains("sun.nio.ch.Poller"));
    }
}
