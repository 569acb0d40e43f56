package dev.gmp.agent.instrument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JDK calls that block a carrier without the scheduler seeing it, as a table (BlockHound keeps
 * one too) rather than as code spread over advice. Checked against JDK 25 on Unix; a row whose
 * class does not exist on the running JDK or OS is skipped.
 *
 * <p>What is deliberately not here: calls the JDK always brackets with
 * {@code jdk.internal.misc.Blocker} (FileChannel force and lock, FileDescriptor.sync, DNS
 * lookups, Process pipes, System.in), which {@link BlockerAdvice} turns into syscalls; socket I/O, which virtual threads do with a poller and never block on; and
 * Process.waitFor, which on Unix parks on a condition while a platform reaper thread makes the
 * blocking waitpid.
 */
public final class BlockingMethods {
    private BlockingMethods() {}

    /**
     * Natives that block and carry no Blocker mark. A retransformed class cannot gain methods, so
     * a native cannot be wrapped directly; every Java method of the same class that calls one
     * becomes a syscall instead ({@link NativeCallers} finds them in the class file).
     */
    public static final List<BlockingMethod> UNMARKED_NATIVES = List.of(
            // Opening a FIFO, or a file on a slow mount, blocks as long as a read.
            new BlockingMethod("java.io.FileInputStream", "open0", "(Ljava/lang/String;)V"),
            new BlockingMethod("java.io.FileInputStream", "read0", "()I"),
            new BlockingMethod("java.io.FileInputStream", "readBytes", "([BII)I"),
            new BlockingMethod("java.io.FileInputStream", "skip0", "(J)J"),
            new BlockingMethod("java.io.FileOutputStream", "open0", "(Ljava/lang/String;Z)V"),
            new BlockingMethod("java.io.FileOutputStream", "write", "(IZ)V"),
            new BlockingMethod("java.io.FileOutputStream", "writeBytes", "([BIIZ)V"),
            new BlockingMethod("java.io.RandomAccessFile", "open0", "(Ljava/lang/String;I)V"),
            new BlockingMethod("java.io.RandomAccessFile", "read0", "()I"),
            new BlockingMethod("java.io.RandomAccessFile", "readBytes0", "([BII)I"),
            // Writes carry a Blocker mark only in "rws"/"rwd" mode; nested brackets count once.
            new BlockingMethod("java.io.RandomAccessFile", "write0", "(I)V"),
            new BlockingMethod("java.io.RandomAccessFile", "writeBytes0", "([BII)V"),
            // FileChannel reads and writes (and Files.read*/write* through them): JDK 25 marks only
            // direct I/O. Its force and lock carry a Blocker mark.
            new BlockingMethod("sun.nio.ch.UnixFileDispatcherImpl", "read0", "(Ljava/io/FileDescriptor;JI)I"),
            new BlockingMethod("sun.nio.ch.UnixFileDispatcherImpl", "pread0", "(Ljava/io/FileDescriptor;JIJ)I"),
            new BlockingMethod("sun.nio.ch.UnixFileDispatcherImpl", "readv0", "(Ljava/io/FileDescriptor;JI)J"),
            new BlockingMethod("sun.nio.ch.UnixFileDispatcherImpl", "write0", "(Ljava/io/FileDescriptor;JI)I"),
            new BlockingMethod("sun.nio.ch.UnixFileDispatcherImpl", "pwrite0", "(Ljava/io/FileDescriptor;JIJ)I"),
            new BlockingMethod("sun.nio.ch.UnixFileDispatcherImpl", "writev0", "(Ljava/io/FileDescriptor;JI)J"),
            // InetAddress.isReachable: an ICMP echo or TCP probe that waits up to its timeout.
            new BlockingMethod("java.net.Inet4AddressImpl", "isReachable0", "([BI[BI)Z"),
            new BlockingMethod("java.net.Inet6AddressImpl", "isReachable0", "([BII[BII)Z"));

    /**
     * Java methods that block as a whole. ProcessImpl calls its fork/exec native from a
     * constructor, which advice cannot bracket on every path, so the factory that calls the
     * constructor is the syscall. A virtual thread that parks where it cannot unmount (a native or
     * class-initializer frame below it, or a continuation the heap had no room to freeze) parks
     * its carrier in {@code parkOnCarrierThread}: as a syscall, sysmon hands its P to another M, as
     * Go does for an M blocked in the kernel. Without that, the G that would unpark it could sit in
     * that P's queue for good: with one P, or once every M was pinned so. When the heap cannot
     * hold a queue node, the j.u.c. locks and latches fall back to {@code acquireOnOOME}, which
     * polls with carrier parks of up to a second each: the same block, for as long as the lock's
     * holder (or the latch's last count-down) waits in that P's queue. Two joiners polling so
     * stopped both Ms of a 2-P program for good.
     */
    public static final List<BlockingMethod> BLOCKING_JAVA_METHODS = List.of(
            new BlockingMethod("java.lang.ProcessImpl", "start",
                    "([Ljava/lang/String;Ljava/util/Map;Ljava/lang/String;[Ljava/lang/ProcessBuilder$Redirect;Z)Ljava/lang/Process;"),
            new BlockingMethod("java.lang.VirtualThread", "parkOnCarrierThread", "(ZJ)V"),
            new BlockingMethod("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquireOnOOME", "(ZI)I"),
            new BlockingMethod("java.util.concurrent.locks.AbstractQueuedLongSynchronizer", "acquireOnOOME", "(ZJ)I"));

    /** {@link #UNMARKED_NATIVES} by class, in table order. */
    static Map<String, List<BlockingMethod>> unmarkedNativesByClass() {
        return UNMARKED_NATIVES.stream().collect(Collectors.groupingBy(
                BlockingMethod::className, LinkedHashMap::new, Collectors.toList()));
    }
}
