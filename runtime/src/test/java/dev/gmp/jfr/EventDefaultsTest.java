package dev.gmp.jfr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.SettingDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A recording whose settings never name gmp's events (plain settings=default) gets gmp.jfc's grade. */
class EventDefaultsTest {

    @BeforeAll
    static void registerGmpEvents() {
        JfrGate.registerEvents(); // what the scheduler does when JFR initialises
    }

    private static Map<String, String> defaults(Class<? extends Event> type) {
        return EventType.getEventType(type).getSettingDescriptors().stream()
                .collect(Collectors.toMap(SettingDescriptor::getName, SettingDescriptor::getDefaultValue));
    }

    @Test
    void highRateEventsAreOffByDefault() {
        for (Class<? extends Event> type : java.util.List.of(GoCreateEvent.class, GoUnparkEvent.class, StealEvent.class)) {
            assertEquals("false", defaults(type).get("enabled"), type.getSimpleName());
        }
    }

    @Test
    void parksAndSyscallsAreRecordedFromOneMillisecond() {
        assertEquals("1 ms", defaults(GoParkEvent.class).get("threshold"));
        assertEquals("1 ms", defaults(SyscallEvent.class).get("threshold"));
        assertEquals("true", defaults(GoParkEvent.class).get("enabled"));
    }
}
