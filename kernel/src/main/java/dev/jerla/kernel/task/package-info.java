/**
 * Tasks and processes: {@link dev.jerla.kernel.task.Task} (a guest thread on its own host
 * platform thread), {@link dev.jerla.kernel.task.ThreadGroup} (a process), the process table and
 * pid allocation, clone/fork/vfork, exit, zombies, reparenting and wait, process groups and
 * sessions, futexes (priority-inheritance ones included), pidfds, resource usage, and the run
 * loop that turns CPU traps into system calls and signals.
 *
 * <p>Lock order: {@link dev.jerla.kernel.task.ProcessTable} (the big lock: process tree, thread
 * lists, signal state, exit and stop state), then a MemoryManager, then an AddressSpace, then a
 * WaitQueue's waiter set and a Task's sleep lock. The futex lock is taken before a
 * MemoryManager and never together with the ProcessTable. A PosixTimer's monitor comes before
 * the ProcessTable. Nothing sleeps while holding the
 * ProcessTable.
 */
package dev.jerla.kernel.task;
