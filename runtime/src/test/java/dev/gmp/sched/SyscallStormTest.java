package dev.gmp.sched;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** See {@link SyscallStorm}: with no thread limit to speak of, every syscall can be handed off. */
class SyscallStormTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @Test
    void goroutinesEnteringAndLeavingSyscallsWhileGomaxprocsChangesAndSysmonRetakesAllFinish() throws Exception {
        System.out.println("syscall storm: " + new SyscallStorm(48, 25, 4).run());
    }
}
