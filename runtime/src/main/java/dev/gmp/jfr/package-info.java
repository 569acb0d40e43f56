/**
 * gmp's JFR events, readable in JDK Mission Control under "Go Scheduler".
 *
 * <p>Every emitter first reads {@link dev.gmp.jfr.JfrGate#recording()} (one volatile read; without a
 * recording no event class is touched, so JFR is not even initialised), then checks
 * {@code isEnabled()} on one probe instance of the type (it reads the type's settings), so an event
 * that is off allocates nothing. Each
 * event type has its own category path, so duration events that overlap on one thread (parks,
 * syscalls) land in different lanes in JMC instead of hiding each other.
 *
 * <p>Defaults (when a recording's settings do not name gmp's events, e.g. plain
 * {@code settings=default}) match gmp.jfc, whose volume is bounded under any load: the events that
 * come one per spawn, park, unpark, steal or syscall (GoCreate, GoPark, GoUnpark, Steal, Syscall)
 * are off and counted instead in the per-second SchedulerSample; Handoff, LongRunning and
 * ThreadLimit are throttled; the samples and ProcResize are on. gmp-profile.jfc turns everything on.
 *
 * <p>Which thread commits what: GoCreate, GoUnpark and Syscall are committed by the goroutine or
 * thread that caused them (their stack trace is meaningful); GoPark, Steal and Handoff by the M
 * doing the scheduling; LongRunning by sysmon (it carries the G's stack as a field); the samples by
 * JFR's periodic thread.
 */
package dev.gmp.jfr;
