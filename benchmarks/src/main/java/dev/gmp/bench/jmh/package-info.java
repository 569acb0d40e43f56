/**
 * JMH microbenchmarks of gmp's parts: the run queue alone and under a thief, ready-to-run latency,
 * park/unpark ping-pong and spawn (the last three beside the JDK default scheduler through a
 * {@code scheduler} parameter). Run them with {@code ./gmp bench jmh [JMH options]}, e.g.
 * {@code ./gmp bench jmh RunQueue -f 1}. Each benchmark class is one concept: a channel or select
 * benchmark is one more class here.
 */
package dev.gmp.bench.jmh;
