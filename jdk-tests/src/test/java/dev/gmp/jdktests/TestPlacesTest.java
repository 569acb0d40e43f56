package dev.gmp.jdktests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which test files of a checkout run: every one of a virtual-thread directory, the named ones of another. */
class TestPlacesTest {
    @TempDir
    Path checkout;

    @Test
    void aPlaceWithNamePrefixesTakesOnlyThoseFilesAndOneWithoutTakesAll() {
        TestPlaces some = new TestPlaces("test/jdk/java/lang/Thread", "BuilderTest", "ThreadSleepEvent");
        assertTrue(some.takes(Path.of("x/BuilderTest.java")));
        assertTrue(some.takes(Path.of("x/ThreadSleepEventThrows.java")));
        assertFalse(some.takes(Path.of("x/ThreadStopTest.java")));
        assertTrue(new TestPlaces("test/jdk/java/lang/Thread/virtual").takes(Path.of("x/Parking.java")));
    }

    @Test
    void theSourcesOfTheDefaultPlacesThatExistAreListedOnceEachInPlaceOrder() throws Exception {
        Path virtual = Files.createDirectories(checkout.resolve("test/jdk/java/lang/Thread/virtual"));
        Path thread = virtual.getParent();
        Files.writeString(virtual.resolve("Parking.java"), "");
        Files.writeString(thread.resolve("BuilderTest.java"), "");
        Files.writeString(thread.resolve("ThreadStopTest.java"), "");
        assertEquals(List.of(virtual.resolve("Parking.java"), thread.resolve("BuilderTest.java")), TestPlaces.sources(checkout));
        assertEquals(List.of(virtual, thread), TestPlaces.dirs(checkout), "only the places this checkout has");
    }
}
