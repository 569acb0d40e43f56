/**
 * jcstress tests for the races of a P's run queue ring (owner get against a thief, owner put against
 * a thief, two thieves, and runnext taken by the owner against a thief) and of the global queue's
 * no-lost-wake-up pair (a lock-free put against an M idling, with and without a taker). Each test's outcomes list
 * every acceptable interleaving; anything else (a G taken twice, or lost) is FORBIDDEN.
 * Run by {@code dev.gmp.sched.RunQueueJcstressTest} in quick mode; the benchmarks module runs them longer.
 */
package dev.gmp.sched.jcstress;
