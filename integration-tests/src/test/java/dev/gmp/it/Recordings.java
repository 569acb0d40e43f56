package dev.gmp.it;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** Reading a forked JVM's JFR recording as JDK Mission Control does. */
final class Recordings {
    private Recordings() {}

    /**
     * Events per gmp.* type, as JMC's parser reads the file. The parser throws on a file that is
     * not a whole recording (empty, truncated, a chunk never finished).
     */
    static Map<String, Long> gmpEventCounts(Path recording) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(recording.toFile());
        Map<String, Long> counts = new TreeMap<>();
        for (IItemIterable events : items) {
            String type = events.getType().getIdentifier();
            if (type.startsWith("gmp.")) {
                counts.merge(type, events.getItemCount(), Long::sum);
            }
        }
        return counts;
    }
}
