package dev.gmp.demo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: starts {@link DemoService} and drives it with {@link LoadGenerator} in waves, so a
 * dashboard shows every P busy, steals, parks and handoffs. Runs until Ctrl-C (or for
 * {@code --seconds N}); each wave is bounded in requests and time and targets loopback only.
 *
 * <pre>java -javaagent:gmp-agent.jar=dashboard=7070,jfr=gmp-demo.jfr -jar gmp-demo.jar [--port 8080] [--seconds N]</pre>
 */
public final class DemoApp {
    private DemoApp() {}

    public static void main(String[] args) throws Exception {
        int port = 8080;
        long seconds = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: DemoApp [--port N] [--seconds N]  (unknown argument '" + args[i] + "')");
                    System.exit(2);
                }
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-shutdown"));
        try (DemoService service = startService(port)) {
            System.out.println("demo service on http://127.0.0.1:" + service.port() + "/ (endpoints /file /pipeline /cpu /sleep /where)");
            System.out.println("served by " + where(service.port()));
            long end = seconds == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
            int wave = 0;
            while (stop.getCount() > 0 && System.nanoTime() < end) {
                wave++;
                LoadGenerator.Result r = LoadGenerator.run(service.port(), 64, 3_000, Duration.ofSeconds(10));
                System.out.printf("wave %d: %d ok, %d failed in %d ms%n", wave, r.ok(), r.failed(), r.elapsedMillis());
                stop.await(1, java.util.concurrent.TimeUnit.SECONDS); // a quiet second: the dashboard shows Ps going idle
            }
        }
        System.out.println("demo stopped");
    }

    /** The service on {@code port}, or on a free port (with a line saying so) when that one is taken. */
    private static DemoService startService(int port) throws java.io.IOException {
        try {
            return new DemoService(port);
        } catch (java.net.BindException e) {
            System.out.println("port " + port + " is busy; the demo service takes a free port instead");
            return new DemoService(0);
        }
    }

    private static String where(int port) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/where")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        http.close();
        return response.body();
    }
}
