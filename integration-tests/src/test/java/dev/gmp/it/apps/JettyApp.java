package dev.gmp.it.apps;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty 12 on its virtual-thread pool (every task, selectors and acceptor included, on a virtual
 * thread of its own), serving {@link ServerApps#handle} on 127.0.0.1 at any free port until told to
 * stop; then it stops the server and returns from main, so the JVM ends only if no thread holds it.
 */
public final class JettyApp {
    public static void main(String[] args) throws Exception {
        Server server = new Server(new VirtualThreadPool());
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() { // blocking invocation type: handled on its own virtual thread
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = ServerApps.handle();
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
        server.start();
        ServerApps.printStarted(connector.getLocalPort(), Server.class);
        StopLine.await();
        server.stop();
        System.out.println("stopped");
    }
}
