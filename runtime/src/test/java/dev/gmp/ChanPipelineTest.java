package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's classic channel programs: a relay chain, the daisy chain, the concurrent prime sieve. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanPipelineTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void unbufferedSendsKeepTheirOrderThroughAChainOfGoroutines() throws Exception {
        int stages = 10;
        int values = 2_000;
        Goroutines gs = new Goroutines();
        Chan<Integer> first = Chan.make();
        Chan<Integer> in = first;
        for (int s = 0; s < stages; s++) {
            Chan<Integer> from = in;
            Chan<Integer> to = Chan.make();
            gs.go(() -> {
                for (Integer v : from) {
                    to.send(v);
                }
                to.close();
            });
            in = to;
        }
        Chan<Integer> last = in;
        gs.go(() -> {
            for (int i = 0; i < values; i++) {
                first.send(i);
            }
            first.close();
        });
        List<Integer> got = new ArrayList<>();
        for (Integer v : last) {
            got.add(v);
        }
        gs.joinAll(LIMIT);
        assertEquals(values, got.size());
        for (int i = 0; i < values; i++) {
            assertEquals(i, got.get(i), "out of order at " + i);
        }
    }

    @Test
    void aValuePassesThroughAChainOfTenThousandGoroutines() throws Exception {
        // Go's daisy chain: each G receives from its right neighbour and passes value + 1 left.
        int n = 10_000;
        Goroutines gs = new Goroutines();
        Chan<Integer> leftmost = Chan.make();
        Chan<Integer> left = leftmost;
        for (int i = 0; i < n; i++) {
            Chan<Integer> right = Chan.make();
            Chan<Integer> l = left;
            gs.go(() -> l.send(1 + right.recv()));
            left = right;
        }
        Chan<Integer> rightmost = left;
        gs.go(() -> rightmost.send(1));
        assertEquals(n + 1, leftmost.recv());
        gs.joinAll(LIMIT);
    }

    @Test
    void theConcurrentPrimeSieveFindsTheFirstHundredPrimes() throws Exception {
        // Go's prime sieve (a generator and one filter G per prime found), with a done channel
        // so every G ends when we have enough instead of leaking, the idiomatic Go cancellation.
        Chan<Boolean> done = Chan.make();
        Goroutines gs = new Goroutines();
        Chan<Integer> source = Chan.make();
        gs.go(() -> {
            boolean[] stop = {false};
            for (int i = 2; !stop[0]; i++) {
                int candidate = i;
                Select.of().send(source, candidate, () -> {}).recv(done, closed -> stop[0] = true).run();
            }
        });
        List<Integer> primes = new ArrayList<>();
        Chan<Integer> ch = source;
        for (int k = 0; k < 100; k++) {
            int prime = ch.recv();
            primes.add(prime);
            Chan<Integer> in = ch;
            Chan<Integer> out = Chan.make();
            gs.go(() -> filter(in, out, prime, done));
            ch = out;
        }
        done.close();
        gs.joinAll(LIMIT);
        assertEquals(firstPrimes(100), primes);
    }

    /** Passes on the values of {@code in} not divisible by {@code prime}, until done is closed. */
    private static void filter(Chan<Integer> in, Chan<Integer> out, int prime, Chan<Boolean> done) {
        boolean[] stop = {false};
        Integer[] value = {null};
        Select receive = Select.of().recv(in, v -> value[0] = v).recv(done, closed -> stop[0] = true);
        while (true) {
            receive.run();
            if (stop[0]) {
                return;
            }
            if (value[0] % prime != 0) {
                Select.of().send(out, value[0], () -> {}).recv(done, closed -> stop[0] = true).run();
                if (stop[0]) {
                    return;
                }
            }
        }
    }

    private static List<Integer> firstPrimes(int count) {
        List<Integer> primes = new ArrayList<>();
        for (int n = 2; primes.size() < count; n++) {
            boolean prime = true;
            for (int p : primes) {
                if (p * p > n) {
                    break;
                }
                if (n % p == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                primes.add(n);
            }
        }
        return primes;
    }
}
