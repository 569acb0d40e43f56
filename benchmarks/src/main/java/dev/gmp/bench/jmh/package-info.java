/**
 * JMH microbenchmarks of gmp's parts: the run queue alone and under a thief; and, beside the JDK
 * default scheduler through a {@code scheduler} parameter, ready-to-run latency, park/unpark,
 * channel and select ping-pong, and spawn. Run them with {@code ./gmp bench jmh [JMH options]},
 * e.g. {@code ./gmp bench jmh RunQueue}. One class per concept: a new benchmark is one more class.
 */
package dev.gmp.bench.jmh;
