package dev.gmp.web;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The page's files, read once from the classpath and served from memory: the dashboard's own
 * {@code index.html}, {@code app.js}, {@code style.css}, the goroutine table's script and style, its icon, and uPlot from its WebJar. A fixed list
 * rather than a static-file directory: it works the same from a plain jar, a shaded agent jar
 * (whose directory entries may be missing) or a build directory, and serves nothing else.
 */
final class StaticAssets {
    private static final String OWN = "/dev/gmp/web/static/";
    /**
     * The uPlot WebJar's root, a literal of its own that is never folded into a longer constant
     * (hence {@code concat}, not {@code +}): gmp-agent.jar moves the WebJar out of
     * META-INF/resources, and its build rewrites exactly this literal to the new place.
     */
    private static final String UPLOT_WEBJAR = "/META-INF/resources/webjars/uplot/";
    private static final String UPLOT = UPLOT_WEBJAR.concat(WebVersions.UPLOT).concat("/dist/");
    /** The page's own files change with every gmp build; the chart library only with its version in the URL's jar. */
    private static final String REVALIDATE = "no-cache";
    private static final String ONE_DAY = "max-age=86400";

    private StaticAssets() {}

    static void register(RoutesConfig routes) {
        serve(routes, "/", OWN + "index.html", "text/html; charset=utf-8", REVALIDATE);
        serve(routes, "/index.html", OWN + "index.html", "text/html; charset=utf-8", REVALIDATE);
        serve(routes, "/app.js", OWN + "app.js", "text/javascript; charset=utf-8", REVALIDATE);
        serve(routes, "/timeline.js", OWN + "timeline.js", "text/javascript; charset=utf-8", REVALIDATE);
        serve(routes, "/heatmap.js", OWN + "heatmap.js", "text/javascript; charset=utf-8", REVALIDATE);
        serve(routes, "/style.css", OWN + "style.css", "text/css; charset=utf-8", REVALIDATE);
        serve(routes, "/goroutines.js", OWN + "goroutines.js", "text/javascript; charset=utf-8", REVALIDATE);
        serve(routes, "/goroutines.css", OWN + "goroutines.css", "text/css; charset=utf-8", REVALIDATE);
        serve(routes, "/favicon.svg", OWN + "favicon.svg", "image/svg+xml", REVALIDATE);
        serve(routes, "/vendor/uplot/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8", ONE_DAY);
        serve(routes, "/vendor/uplot/uPlot.min.css", UPLOT + "uPlot.min.css", "text/css; charset=utf-8", ONE_DAY);
    }

    private static void serve(RoutesConfig routes, String path, String resource, String contentType, String cacheControl) {
        byte[] body = read(resource);
        routes.get(path, ctx -> ctx.header("Cache-Control", cacheControl).contentType(contentType).result(body));
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
