package dev.gmp.it.apps;

import io.javalin.Javalin;

/**
 * Javalin with virtual threads on (its Jetty runs every task on a virtual thread), serving
 * {@link ServerApps#handle} on 127.0.0.1 at any free port until told to stop; then it stops the
 * server and returns from main, so the JVM ends only if no thread holds it.
 */
public final class JavalinApp {
    public static void main(String[] args) throws Exception {
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/", ctx -> ctx.result(ServerApps.handle()));
        }).start("127.0.0.1", 0);
        ServerApps.printStarted(app.port(), Javalin.class);
        StopLine.await();
        app.stop();
        System.out.println("stopped");
    }
}
