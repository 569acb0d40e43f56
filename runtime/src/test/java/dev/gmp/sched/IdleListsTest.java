package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The idle lists and the spinning count, and the invariants they refuse to break. */
class IdleListsTest {

    private static P idleP(int id) {
        P pp = new P(id, 4);
        pp.setStatus(P.IDLE);
        return pp;
    }

    @Test
    void idlePsComeBackLastInFirstOutAndAreCounted() {
        IdleLists idle = new IdleLists();
        P a = idleP(0), b = idleP(1);
        idle.pidlePutLocked(a);
        idle.pidlePutLocked(b);
        assertEquals(2, idle.npidle());
        assertSame(b, idle.pidleGetLocked());
        assertSame(a, idle.pidleGetLocked());
        assertNull(idle.pidleGetLocked());
        assertEquals(0, idle.npidle());
    }

    @Test
    void aPThatIsRunningOrAlreadyIdleCannotBePutOnTheList() {
        IdleLists idle = new IdleLists();
        P running = new P(0, 4);
        running.setStatus(P.RUNNING);
        assertThrows(IllegalStateException.class, () -> idle.pidlePutLocked(running));
        P a = idleP(1);
        idle.pidlePutLocked(a);
        assertThrows(IllegalStateException.class, () -> idle.pidlePutLocked(a), "twice on the list");
    }

    @Test
    void onlyOneCallerClaimsTheFirstSpinnerAndTheLastToStopIsTold() {
        IdleLists idle = new IdleLists();
        assertTrue(idle.claimFirstSpinner());
        assertFalse(idle.claimFirstSpinner());
        idle.startSpinning();
        assertEquals(2, idle.nmspinning());
        assertFalse(idle.stopSpinning());
        assertTrue(idle.stopSpinning());
    }

    @Test
    void stoppingASpinnerThatNeverStartedIsABrokenInvariant() {
        IdleLists idle = new IdleLists();
        IllegalStateException e = assertThrows(IllegalStateException.class, idle::stopSpinning);
        assertTrue(e.getMessage().contains("nmspinning went negative"), e.getMessage());
        assertEquals(0, idle.nmspinning(), "the count is left as it was");
    }

    @Test
    void spinningIsAllowedWhileAtMostHalfTheBusyPsHaveASpinner() {
        IdleLists idle = new IdleLists();
        assertTrue(idle.mayStartSpinning(4)); // 4 busy Ps, no spinner
        idle.startSpinning();
        assertTrue(idle.mayStartSpinning(4));
        idle.startSpinning();
        assertFalse(idle.mayStartSpinning(4), "2 spinners for 4 busy Ps is the limit");
    }

    @Test
    void anIdleMLeavingForATimerIsUnlinkedFromAnywhereInTheListOnce() {
        IdleLists idle = new IdleLists();
        M a = new M(null, 1, null, false), b = new M(null, 2, null, false), c = new M(null, 3, null, false);
        idle.midlePutLocked(a);
        idle.midlePutLocked(b);
        idle.midlePutLocked(c);
        assertTrue(idle.midleRemoveLocked(b));
        assertFalse(idle.midleRemoveLocked(b), "a removed M is no longer on the list");
        assertEquals(2, idle.nmidle());
        assertSame(c, idle.midleGetLocked());
        assertSame(a, idle.midleGetLocked());
        assertNull(idle.midleGetLocked());
    }
}
