package dev.gmp.chan;

import java.util.Arrays;

/**
 * The distinct channels of one select, sorted by {@link HChan#id}: the global order in which any
 * select takes several channel locks (Go sorts by hchan address). Two selects over overlapping
 * channels both lock the lower id first, so neither can hold a lock the other needs while waiting
 * for one it holds. A channel named by several cases is locked once ({@link ChanLock} is not
 * reentrant). Plain channel operations take one lock and cannot take part in a cycle.
 */
final class LockOrder {
    private HChan[] chans = new HChan[4];
    private int size;

    /** Adds {@code c} in id order; no-op when already present. O(cases), done once per case when a select is built. */
    void add(HChan c) {
        int at = 0;
        while (at < size && chans[at].id < c.id) {
            at++;
        }
        if (at < size && chans[at] == c) {
            return;
        }
        if (size == chans.length) {
            chans = Arrays.copyOf(chans, size * 2);
        }
        System.arraycopy(chans, at, chans, at + 1, size - at);
        chans[at] = c;
        size++;
    }

    int size() {
        return size;
    }

    void lockAll() {
        if (size > 0) {
            chans[0].lock.lock();
        }
        for (int i = 1; i < size; i++) {
            chans[i].lock.lockHoldingOthers(); // a G must not unmount holding chans[0..i)
        }
    }

    void unlockAll() {
        for (int i = size - 1; i >= 0; i--) {
            chans[i].lock.unlock();
        }
    }
}
