package dev.gmp.sched;

/**
 * Why a G waits, in Go's words. gmp's own primitives park with one of these as the
 * {@link java.util.concurrent.locks.LockSupport#park(Object) blocker}, so dumps and JFR can name it.
 */
public enum WaitReason {
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    CHAN_RECEIVE_NIL("chan receive (nil chan)"),
    CHAN_SEND_NIL("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    WAIT_GROUP("sync.WaitGroup.Wait");

    private final String text;

    WaitReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
