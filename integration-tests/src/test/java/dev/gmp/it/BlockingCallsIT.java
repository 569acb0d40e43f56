package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.it.apps.BlockingIoApp;
import dev.gmp.it.apps.BlockingListApp;
import dev.gmp.it.apps.NativeSleepApp;
import dev.gmp.it.apps.PinnedParkApp;
import dev.gmp.it.apps.ThreadLimitApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blocking calls made by goroutines become syscalls, so their P can serve other goroutines. */
class BlockingCallsIT {
    private static Result blockingIo;

    private static synchronized Result blockingIo() throws Exception {
        if (blockingIo == null) {
            blockingIo = ForkedJvm.app(BlockingIoApp.class).agent("procs=2,dashboard=off").run();
            assertEquals(0, blockingIo.exitCode(), blockingIo::toString);
        }
        return blockingIo;
    }

    /** One blocking call is one syscall, however many brackets (Blocker, table, nesting) it passes. */
    @ParameterizedTest
    @ValueSource(strings = {"open", "fileInputStream", "fileOutputStream", "randomAccessFileRead",
            "randomAccessFileWrite", "blockerMarkedSync"})
    void eachFileOperationInsideAGoroutineIsOneSyscall(String kind) throws Exception {
        Result r = blockingIo();
        assertEquals("1", r.value(kind), () -> kind + ":\n" + r);
    }

    @Test
    void filesReadAndWriteThroughFileChannelAreSyscalls() throws Exception {
        Result r = blockingIo();
        assertTrue(Long.parseLong(r.value("filesReadString")) >= 2, r::toString);
    }

    @Test
    void startingAProcessIsASyscall() throws Exception {
        Result r = blockingIo();
        assertTrue(Long.parseLong(r.value("processStart")) >= 1, r::toString);
    }

    @Test
    void blockingIoOnAPlatformThreadIsNotASyscall() throws Exception {
        Result r = blockingIo();
        assertEquals("0", r.value("platformThread"), r::toString);
    }

    @Test
    void virtualThreadsOnTheJdkSchedulerKeepTheJdksBlockerBehaviour() throws Exception {
        // redirect=off: the tasks run on the JDK's carriers, where Blocker.begin() compensates and
        // end(true) casts the carrier; the advice must leave that path as it was.
        Result r = ForkedJvm.app(BlockingIoApp.class).agent("redirect=off,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        for (String kind : new String[] {"fileInputStream", "blockerMarkedSync", "filesReadString", "platformThread"}) {
            assertEquals("0", r.value(kind), () -> kind + " counted as a gmp syscall:\n" + r);
        }
    }

    @Test
    void aNativeSleepInOneGoroutineDoesNotStallAnotherOnTheOnlyP() throws Exception {
        Result r = ForkedJvm.app(NativeSleepApp.class).agent("procs=1,dashboard=off")
                .jvmArgs("--enable-native-access=ALL-UNNAMED").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Long.parseLong(r.value("advancedDuringCall")) > 0,
                () -> "the counting goroutine was stalled by the native call:\n" + r);
        assertTrue(Long.parseLong(r.value("syscalls")) >= 1, r::toString);
    }

    /** A park that cannot unmount blocks its M: its P must go to another M, as in a system call. */
    @Test
    void aGoroutineParkedWhereItCannotUnmountDoesNotKeepTheOnlyPFromTheOneThatWakesIt() throws Exception {
        Result r = ForkedJvm.app(PinnedParkApp.class).agent("procs=1,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("true", r.value("pinnedParkReleased"),
                () -> "the waker never ran while the pinned goroutine held the only P:\n" + r);
    }

    @Test
    void moreNativeCallsAtOnceThanTheThreadLimitAllowsAllFinishWithOneWarning() throws Exception {
        Result r = ForkedJvm.app(ThreadLimitApp.class).agent("procs=2,dashboard=off")
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dgmp.maxThreads=64").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("300", r.value("finished"), r::toString);
        assertEquals(1, r.gmpLines().stream().filter(l -> l.contains("-Dgmp.maxThreads exist and are busy")).count(),
                r::toString);
    }

    /**
     * The operating system refuses threads (a pids control group capped at 44 tasks on two cores, a
     * container's limit): each new M that cannot start gives its P back, and the 300 calls finish on the Ms that
     * exist, with one warning. Before, the refused M took its P and the Gs queued on it: the same run
     * hung until killed. Needs a writable cgroup v1 pids controller (root on this project's
     * machines); skipped elsewhere.
     */
    @Test
    void whenTheOsRefusesNewThreadsTheNativeCallsStillAllFinish() throws Exception {
        Path pids = Path.of("/sys/fs/cgroup/pids");
        assumeTrue(Files.isWritable(pids), "no writable cgroup v1 pids controller here");
        Path cgroup = Files.createTempDirectory(pids, "gmp-it-");
        try {
            // The JVM's own threads (about 23 here, more with more cores) and about 20 Ms.
            Files.writeString(cgroup.resolve("pids.max"), String.valueOf(40 + 2 * Runtime.getRuntime().availableProcessors()));
            Result r = ForkedJvm.app(ThreadLimitApp.class).agent("procs=2,dashboard=off").inCgroup(cgroup)
                    .jvmArgs("--enable-native-access=ALL-UNNAMED").run();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("300", r.value("finished"), r::toString);
            assertEquals(1, r.gmpLines().stream().filter(l -> l.contains("could not start a new M")).count(), r::toString);
        } finally {
            Files.delete(cgroup); // an empty control group is removed with rmdir
        }
    }

    @Test
    void methodsNamedInTheBlockingOptionAreSyscallsAndOthersAreNot() throws Exception {
        Result r = ForkedJvm.app(BlockingListApp.class)
                .agent("dashboard=off,blocking=" + BlockingListApp.Legacy.class.getName() + "#call").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("3", r.value("listed"), r::toString);
        assertEquals("0", r.value("unlisted"), r::toString);
    }
}
