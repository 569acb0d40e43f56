package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's hot shared words sit where their padding means them to: at least a cache line
 * from the object's header (and so from whatever the heap put just before it) and from the fields
 * other cores write. HotSpot chooses field offsets itself, so this reads them.
 */
class PaddingLayoutTest {
    private static final int LINE = 64;

    @SuppressWarnings({"removal", "deprecation"}) // objectFieldOffset: the one portable way to read a layout
    private static long offset(Class<?> owner, String name) throws ReflectiveOperationException {
        Field unsafeField = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        unsafeField.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) unsafeField.get(null);
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                    return unsafe.objectFieldOffset(f);
                }
            }
        }
        throw new NoSuchFieldException(owner.getName() + "." + name);
    }

    private static void assertApart(Class<?> c, String a, String b) throws ReflectiveOperationException {
        long distance = Math.abs(offset(c, a) - offset(c, b));
        assertTrue(distance >= LINE, c.getSimpleName() + "." + a + " and ." + b + " are " + distance + " bytes apart");
    }

    private static void assertPastTheHeader(Class<?> c, String field) throws ReflectiveOperationException {
        assertTrue(offset(c, field) >= LINE, c.getSimpleName() + "." + field + " at " + offset(c, field));
    }

    @Test
    void aRunQueuesHeadAndRunnextAreOffTheHeaderAndOffTheOwnersTail() throws Exception {
        assertPastTheHeader(RunQueue.class, "head");
        assertPastTheHeader(RunQueue.class, "runnext");
        assertApart(RunQueue.class, "head", "tail");
        assertApart(RunQueue.class, "runnext", "tail");
    }

    @Test
    void theGlobalQueuesConsumerAndProducerIndicesAreOnLinesOfTheirOwn() throws Exception {
        assertPastTheHeader(GlobalRunQueue.class, "consumerIndex");
        assertPastTheHeader(GlobalRunQueue.class, "consumerChunk");
        assertApart(GlobalRunQueue.class, "consumerIndex", "producerIndex");
        assertApart(GlobalRunQueue.class, "consumerChunk", "producerIndex");
    }

    @Test
    void theIdleCountsAndTheLockWordArePaddedFromTheirNeighbours() throws Exception {
        assertPastTheHeader(SpinLock.class, "held");
        assertPastTheHeader(IdleLists.class, "npidle");
        assertPastTheHeader(IdleLists.class, "nmspinning");
        long lastCount = Math.max(offset(IdleLists.class, "npidle"), offset(IdleLists.class, "nmspinning"));
        for (Field f : IdleListsPad1.class.getDeclaredFields()) {
            assertTrue(offset(IdleLists.class, f.getName()) > lastCount, "padding after the counts: " + f.getName());
        }
    }
}
