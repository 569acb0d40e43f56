package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 Gs over 100 channels of mixed capacities, half using plain operations and half selects
 * (each with a second case that never fires), for many rounds: every value must arrive exactly
 * once, on the channel it was sent to.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanStressTest {
    private static final int CHANNELS = 100;
    private static final int PAIRS_PER_CHANNEL = 50; // 50 senders + 50 receivers: 10,000 Gs in all
    private static final int ROUNDS = 100;

    @Test
    void tenThousandGoroutinesOverAHundredChannelsLoseAndDuplicateNothing() throws Exception {
        List<Chan<Integer>> chans = new ArrayList<>();
        int[] capacities = {0, 1, 4, 16};
        for (int c = 0; c < CHANNELS; c++) {
            chans.add(Chan.make(capacities[c % capacities.length]));
        }
        Chan<Integer> never = Chan.make(); // the extra select case; nobody sends or closes it
        int perChannel = PAIRS_PER_CHANNEL * ROUNDS;
        AtomicIntegerArray seen = new AtomicIntegerArray(CHANNELS * perChannel);
        AtomicLong misrouted = new AtomicLong();
        Goroutines gs = new Goroutines();
        for (int c = 0; c < CHANNELS; c++) {
            Chan<Integer> ch = chans.get(c);
            int channel = c;
            for (int p = 0; p < PAIRS_PER_CHANNEL; p++) {
                int base = channel * perChannel + p * ROUNDS;
                boolean viaSelect = p % 2 == 1;
                gs.go(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        if (viaSelect) {
                            Select.of().send(ch, base + r, () -> {}).recv(never, v -> {}).run();
                        } else {
                            ch.send(base + r);
                        }
                    }
                });
                gs.go(() -> {
                    int[] got = {0};
                    Select select = Select.of().recv(ch, v -> got[0] = v).recv(never, v -> {});
                    for (int r = 0; r < ROUNDS; r++) {
                        int v;
                        if (viaSelect) {
                            select.run();
                            v = got[0];
                        } else {
                            v = ch.recv();
                        }
                        if (v / perChannel != channel) {
                            misrouted.incrementAndGet();
                        }
                        seen.incrementAndGet(v);
                    }
                });
            }
        }
        gs.joinAll(Duration.ofSeconds(150));
        assertEquals(0, misrouted.get(), "values arrived on a channel they were not sent to");
        int lost = 0;
        int duplicated = 0;
        for (int i = 0; i < seen.length(); i++) {
            if (seen.get(i) == 0) lost++;
            if (seen.get(i) > 1) duplicated++;
        }
        assertEquals(0, lost, "values lost");
        assertEquals(0, duplicated, "values duplicated");
        for (Chan<Integer> ch : chans) {
            assertEquals(0, ch.len());
        }
    }
}
