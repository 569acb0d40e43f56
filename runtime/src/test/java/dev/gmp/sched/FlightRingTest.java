package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A P's flight ring: a fixed ring written by its owner only and copied out by any thread while
 * being overwritten, seqlock style. Small capacities force the wrap-around and the races.
 */
class FlightRingTest {

    /** Writes entry number {@code n} with every field derived from n, so a torn copy shows. */
    private static void putNumbered(FlightRing ring, long n) {
        ring.put(n * 10, n * 10 + 5, n, FlightRing.meta(FlightRing.SLICE, (int) (n % 5) + 1, n % 1000), (n ^ 0x5555_5555L) & 0xFFFF_FFFFL);
    }

    private record Copied(long start, long end, long goid, long meta, long arg) {}

    private static List<Copied> readAll(FlightRing ring, long since) {
        List<Copied> out = new ArrayList<>();
        ring.readSince(since, (start, end, goid, meta, arg) -> out.add(new Copied(start, end, goid, meta, arg)));
        return out;
    }

    @Test
    void afterWrappingAroundItShowsTheNewestCapacityMinusOneEntriesNewestFirst() {
        FlightRing ring = new FlightRing(16);
        for (long n = 0; n < 40; n++) putNumbered(ring, n);

        List<Copied> entries = readAll(ring, Long.MIN_VALUE);
        assertEquals(15, entries.size(), "the oldest slot is the next write's, which a reader cannot tell from begun");
        for (int i = 0; i < 15; i++) {
            long n = 39 - i;
            Copied c = entries.get(i);
            assertEquals(new Copied(n * 10, n * 10 + 5, n,
                    FlightRing.meta(FlightRing.SLICE, (int) (n % 5) + 1, n % 1000), (n ^ 0x5555_5555L) & 0xFFFF_FFFFL), c);
        }
        assertEquals(40, ring.written());
    }

    @Test
    void beforeTheFirstWrapItReturnsWhatWasWritten() {
        FlightRing ring = new FlightRing(16);
        for (long n = 0; n < 3; n++) putNumbered(ring, n);
        assertEquals(List.of(2L, 1L, 0L), readAll(ring, Long.MIN_VALUE).stream().map(Copied::goid).toList());
    }

    @Test
    void aWindowStopsAfterTheFirstEntryThatEndedBeforeIt() {
        FlightRing ring = new FlightRing(64);
        for (long n = 0; n < 50; n++) putNumbered(ring, n); // entry n ends at 10n + 5
        List<Copied> recent = readAll(ring, 400);
        assertEquals(List.of(49L, 48L, 47L, 46L, 45L, 44L, 43L, 42L, 41L, 40L, 39L),
                recent.stream().map(Copied::goid).toList(), "entries 40..49 end at or after 400; 39 is the anchor before them");
    }

    @Test
    void unstampedEndsDoNotEndTheWindow() {
        FlightRing ring = new FlightRing(64);
        ring.put(0, 100, 1, FlightRing.meta(FlightRing.SLICE, 1, 1), 0);
        ring.put(100, FlightRing.UNSTAMPED, 2, FlightRing.meta(FlightRing.SLICE, 1, 1), 0);
        ring.put(FlightRing.UNSTAMPED, 900, 3, FlightRing.meta(FlightRing.SLICE, 1, 1), 0);
        assertEquals(List.of(3L, 2L, 1L), readAll(ring, 500).stream().map(Copied::goid).toList(),
                "G2's end is not read, so the walk goes on to G1, the first entry read before 500");
    }

    private static final long PARKED = FlightRing.meta(FlightRing.SLICE, 1, 7);
    private static final long UN = FlightRing.UNSTAMPED;

    @Test
    void aPingPongsChainedSlicesShareOneEntryAndReadBackAsSlices() {
        FlightRing ring = new FlightRing(16);
        ring.put(0, 100, 1, PARKED, 9); // the read end before the chain
        for (int i = 0; i < 40; i++) ring.putChained(i % 2 == 0 ? 2 : 3, PARKED, 9); // more slices than the ring has entries
        assertEquals(2, ring.written(), "the chain is one run entry");

        List<Copied> slices = readAll(ring, Long.MIN_VALUE);
        assertEquals(41, slices.size());
        for (int k = 0; k < 40; k++) {
            long goid = (39 - k) % 2 == 0 ? 2 : 3; // newest first: slice 39 (G3), 38 (G2), ...
            assertEquals(new Copied(UN, UN, goid, PARKED, 9), slices.get(k), "slice " + (39 - k));
        }
        assertEquals(new Copied(0, 100, 1, PARKED, 9), slices.get(40));
    }

    @Test
    void aChainedSliceThatBreaksTheAlternationOrEndsOtherwiseBeginsANewEntry() {
        FlightRing ring = new FlightRing(16);
        ring.put(0, 100, 1, PARKED, 0);
        ring.putChained(2, PARKED, 0);
        ring.putChained(3, PARKED, 0);
        ring.putChained(4, PARKED, 0); // a third G: the run expected G2
        ring.putChained(4, FlightRing.meta(FlightRing.SLICE, 2, 7), 0); // a yield, not a park
        ring.putChained(5, PARKED, 5); // another wait reason
        ring.putChained(6, FlightRing.meta(FlightRing.SLICE, 1, 8), 5); // another M
        assertEquals(6, ring.written());
        assertEquals(List.of(6L, 5L, 4L, 4L, 3L, 2L, 1L), readAll(ring, Long.MIN_VALUE).stream().map(Copied::goid).toList());
    }

    @Test
    void anEntryAfterARunEndsItAndASingleGCanChainWithItself() {
        FlightRing ring = new FlightRing(16);
        ring.put(0, 100, 1, PARKED, 0);
        ring.putChained(2, PARKED, 0);
        ring.putChained(3, PARKED, 0);
        ring.put(UN, 300, 2, PARKED, 0); // the chain's read end
        ring.putChained(3, PARKED, 0); // not counted into the old run: it is no longer the newest entry
        ring.putChained(3, PARKED, 0);
        ring.putChained(3, PARKED, 0);
        assertEquals(4, ring.written());
        assertEquals(List.of(3L, 3L, 3L, 2L, 3L, 2L, 1L), readAll(ring, Long.MIN_VALUE).stream().map(Copied::goid).toList());
    }

    @Test
    void aReaderRacingARunThatGrowsSeesWholeRunsOnly() throws Exception {
        // Group n: a read slice of G 1000n, then n % 7 + 1 chained slices alternating 1000n + 1, 1000n + 2.
        FlightRing ring = new FlightRing(16);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            for (long n = 1; !stop.get(); n++) {
                ring.put(n, n, 1000 * n, PARKED, 0);
                for (long k = 0; k <= n % 7; k++) ring.putChained(1000 * n + 1 + (k & 1), PARKED, 0);
            }
        });
        owner.start();
        long deadline = System.nanoTime() + 1_000_000_000L;
        int reads = 0;
        while (reads < 2_000 || System.nanoTime() < deadline && reads < 200_000) {
            reads++;
            List<Copied> slices = readAll(ring, Long.MIN_VALUE);
            // Newest first: [chained slices of group n, newest first] read slice of n, [chained of n - 1] ...
            List<Long> chained = new ArrayList<>();
            boolean newest = true;
            for (Copied c : slices) {
                if (c.end() != UN) {
                    long n = c.goid() / 1000;
                    if (c.goid() != 1000 * n || c.start() != n) failure.compareAndSet(null, "torn read slice " + c);
                    int expected = (int) (n % 7) + 1;
                    if (chained.size() > expected || !newest && chained.size() != expected) {
                        failure.compareAndSet(null, "group " + n + " shows " + chained.size() + " chained slices, wrote " + expected);
                    }
                    for (int i = 0; i < chained.size(); i++) { // chained.get(i) is slice size-1-i
                        long k = chained.size() - 1 - i;
                        if (chained.get(i) != 1000 * n + 1 + (k & 1)) {
                            failure.compareAndSet(null, "group " + n + ": slice " + k + " is G" + chained.get(i));
                        }
                    }
                    chained.clear();
                    newest = false;
                } else {
                    chained.add(c.goid());
                }
            }
            if (failure.get() != null) break;
        }
        stop.set(true);
        owner.join();
        assertNull(failure.get());
    }

    @Test
    void metaPacksKindReasonAndMachine() {
        long meta = FlightRing.meta(FlightRing.HANDOFF, 3, 123_456);
        assertEquals(FlightRing.HANDOFF, FlightRing.kind(meta));
        assertEquals(3, FlightRing.reason(meta));
        assertEquals(123_456, FlightRing.m(meta));
        assertEquals(5, FlightRing.m(FlightRing.meta(FlightRing.SLICE, 1, (1L << 24) + 5)), "M ids are kept modulo 2^24");
    }

    @Test
    void anEntryKeepsMetaAndA32BitArgumentSideBySide() {
        FlightRing ring = new FlightRing(16);
        long meta = FlightRing.meta(FlightRing.STEAL, 15, 0xFF_FFFF);
        ring.put(1, 2, Long.MAX_VALUE, meta, 0xFFFF_FFFFL);
        assertEquals(List.of(new Copied(1, 2, Long.MAX_VALUE, meta, 0xFFFF_FFFFL)), readAll(ring, Long.MIN_VALUE));
    }

    @Test
    void aWindowLongerThanOneBatchIsReadWhole() {
        FlightRing ring = new FlightRing(256);
        for (long n = 0; n < 1000; n++) putNumbered(ring, n);
        List<Copied> entries = readAll(ring, Long.MIN_VALUE);
        assertEquals(255, entries.size(), "the ring's newest 255, across " + 256 / FlightRing.BATCH + " batches");
        assertEquals(999, entries.getFirst().goid());
        assertEquals(745, entries.getLast().goid());
    }

    @Test
    void aCapacityThatIsNotAPowerOfTwoIsRefusedWithTheValidValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FlightRing(1000));
        assertTrue(e.getMessage().contains("power of two") && e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void itsMemoryIsFixedAtCreationAndWritingAllocatesNothing() {
        FlightRing ring = new FlightRing(1024);
        assertEquals(1024L * 32, ring.bytes());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (long n = 0; n < 100_000; n++) putNumbered(ring, n); // warm up: compile put
        long before = threads.getThreadAllocatedBytes(id);
        for (long n = 0; n < 1_000_000; n++) putNumbered(ring, n);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // One object per write would be 16 MB or more. The margin is for the JIT and the runtime,
        // which may allocate in this thread while the loop runs (a CI run once saw 1,104 bytes).
        assertTrue(allocated < 64 * 1024, "a million writes allocated " + allocated + " bytes");
        assertEquals(1024L * 32, ring.bytes());
    }

    @Test
    void aReaderRacingTheOwnerCopiesOnlyWholeEntriesInOrder() throws Exception {
        FlightRing ring = new FlightRing(16); // tiny: the owner laps the reader constantly
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            for (long n = 0; !stop.get(); n++) putNumbered(ring, n);
        });
        owner.start();
        long copied = 0;
        long deadline = System.nanoTime() + 1_000_000_000L;
        int reads = 0;
        while (reads < 2_000 || System.nanoTime() < deadline && reads < 200_000) {
            reads++;
            List<Copied> entries = readAll(ring, Long.MIN_VALUE);
            long previous = Long.MAX_VALUE;
            for (Copied c : entries) {
                long n = c.goid();
                Copied whole = new Copied(n * 10, n * 10 + 5, n,
                        FlightRing.meta(FlightRing.SLICE, (int) (n % 5) + 1, n % 1000), (n ^ 0x5555_5555L) & 0xFFFF_FFFFL);
                if (!whole.equals(c)) failure.compareAndSet(null, "torn entry " + c + ", expected " + whole);
                if (n >= previous) failure.compareAndSet(null, "entry " + n + " after " + previous + ": not newest first");
                previous = n;
            }
            copied += entries.size();
            if (failure.get() != null) break;
        }
        stop.set(true);
        owner.join();
        assertNull(failure.get());
        assertTrue(copied > 0, "the reader copied some entries in " + reads + " reads");
    }
}
