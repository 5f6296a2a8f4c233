package dev.jerla.kernel.syscall;

import dev.jerla.kernel.syscall.Syscall.Support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.jerla.kernel.syscall.Syscall.Support.FULL;
import static dev.jerla.kernel.syscall.Syscall.Support.NOOP;
import static dev.jerla.kernel.syscall.Syscall.Support.PARTIAL;

/**
 * The system call table: the process, signal, memory, time, scheduler and information rows
 * below, followed by the file rows of {@link VfsSyscallTable#ENTRIES} and the socket rows of
 * {@link NetSyscallTable#ENTRIES}. A number without a row is
 * ENOSYS. The table also is the compatibility document ({@link SyscallDoc} writes docs/syscalls.md).
 */
public final class SyscallTable {
    private SyscallTable() {}

    private static Syscall row(String name, SyscallHandler h, Support support, String note) {
        return new Syscall(SyscallNumbers.of(name), name, h, support, note);
    }

    /** The rows of this class (the task, signal, mm, time and information families). */
    public static final List<Syscall> CORE = List.of(
            // Processes (SysProcess)
            row("fork", SysProcess::fork, FULL, ""),
            row("vfork", SysProcess::vfork, FULL, "The parent sleeps until the child execs or exits."),
            row("clone", SysProcess::clone, PARTIAL, "Flags used by fork, vfork, posix_spawn and pthread_create; "
                    + "namespaces, CLONE_PIDFD and CLONE_PTRACE are EINVAL."),
            row("clone3", SysProcess::clone3, PARTIAL, "As clone, with CLONE_PIDFD, CLONE_CLEAR_SIGHAND and set_tid; "
                    + "CLONE_INTO_CGROUP is EBADF (no cgroup2 directory)."),
            row("pidfd_open", SysProcess::pidfdOpen, FULL, "PIDFD_NONBLOCK; PIDFD_THREAD is EINVAL."),
            row("pidfd_getfd", SysProcess::pidfdGetfd, FULL, ""),
            row("pidfd_send_signal", SysSignal::pidfdSendSignal, FULL, ""),
            row("execve", SysProcess::execve, FULL, "ELF (static, static-PIE, PIE, PT_INTERP) and #! scripts; "
                    + "set-user-ID bits are not honoured."),
            row("execveat", SysProcess::execveat, PARTIAL, "Resolved through the path of dirfd."),
            row("exit", SysProcess::exit, FULL, "Ends the calling thread."),
            row("exit_group", SysProcess::exitGroup, FULL, ""),
            row("wait4", SysProcess::wait4, PARTIAL, "rusage: CPU times and ru_maxrss; the other counters are zero."),
            row("waitid", SysProcess::waitid, PARTIAL, "rusage: CPU times and ru_maxrss; the other counters are zero."),
            row("getpid", SysProcess::getpid, FULL, ""),
            row("getppid", SysProcess::getppid, FULL, ""),
            row("gettid", SysProcess::gettid, FULL, ""),
            row("set_tid_address", SysProcess::setTidAddress, FULL, ""),
            row("restart_syscall", SysProcess::restartSyscall, FULL, ""),
            row("personality", SysProcess::personality, PARTIAL, "Only PER_LINUX; flags are stored without effect."),
            row("prctl", SysProcess::prctl, PARTIAL, "PR_SET/GET_NAME, PDEATHSIG, DUMPABLE, CHILD_SUBREAPER, "
                    + "NO_NEW_PRIVS, CAPBSET_READ, GET_TID_ADDRESS and a few queries; others EINVAL."),
            row("arch_prctl", SysProcess::archPrctl, PARTIAL, "ARCH_SET/GET_FS and ARCH_SET/GET_GS; others EINVAL."),
            // Credentials, process groups, sessions (SysCred)
            row("getuid", SysCred::getuid, FULL, ""),
            row("geteuid", SysCred::geteuid, FULL, ""),
            row("getgid", SysCred::getgid, FULL, ""),
            row("getegid", SysCred::getegid, FULL, ""),
            row("setuid", SysCred::setuid, FULL, ""),
            row("setgid", SysCred::setgid, FULL, ""),
            row("setreuid", SysCred::setreuid, FULL, ""),
            row("setregid", SysCred::setregid, FULL, ""),
            row("setresuid", SysCred::setresuid, FULL, ""),
            row("setresgid", SysCred::setresgid, FULL, ""),
            row("getresuid", SysCred::getresuid, FULL, ""),
            row("getresgid", SysCred::getresgid, FULL, ""),
            row("setfsuid", SysCred::setfsuid, FULL, ""),
            row("setfsgid", SysCred::setfsgid, FULL, ""),
            row("getgroups", SysCred::getgroups, FULL, ""),
            row("setgroups", SysCred::setgroups, FULL, ""),
            row("capget", SysCred::capget, PARTIAL, "Root holds every capability, other users none."),
            row("capset", SysCred::capset, NOOP, "Accepted when it asks for no new capability; nothing is tracked."),
            row("getpgid", SysCred::getpgid, FULL, ""),
            row("setpgid", SysCred::setpgid, FULL, ""),
            row("getpgrp", SysCred::getpgrp, FULL, ""),
            row("setsid", SysCred::setsid, FULL, ""),
            row("getsid", SysCred::getsid, FULL, ""),
            // Signals (SysSignal)
            row("rt_sigaction", SysSignal::rtSigaction, FULL, ""),
            row("rt_sigprocmask", SysSignal::rtSigprocmask, FULL, ""),
            row("rt_sigpending", SysSignal::rtSigpending, FULL, ""),
            row("rt_sigsuspend", SysSignal::rtSigsuspend, FULL, ""),
            row("rt_sigtimedwait", SysSignal::rtSigtimedwait, FULL, ""),
            row("rt_sigqueueinfo", SysSignal::rtSigqueueinfo, FULL, ""),
            row("rt_tgsigqueueinfo", SysSignal::rtTgsigqueueinfo, FULL, ""),
            row("rt_sigreturn", SysSignal::rtSigreturn, FULL, "FXSAVE frame (no XSAVE extensions)."),
            row("sigaltstack", SysSignal::sigaltstack, FULL, ""),
            row("kill", SysSignal::kill, FULL, ""),
            row("tkill", SysSignal::tkill, FULL, ""),
            row("tgkill", SysSignal::tgkill, FULL, ""),
            row("pause", SysSignal::pause, FULL, ""),
            // Memory (SysMemory)
            row("mmap", SysMemory::mmap, PARTIAL, "Anonymous, /dev/zero and file mappings, private and shared, "
                    + "coherent with read/write through the page cache; pages beyond the end of the file are "
                    + "SIGBUS; MAP_HUGETLB is ENOMEM."),
            row("munmap", SysMemory::munmap, FULL, ""),
            row("mprotect", SysMemory::mprotect, FULL, ""),
            row("brk", SysMemory::brk, FULL, "No randomization: the heap starts after the bss."),
            row("mremap", SysMemory::mremap, PARTIAL, "MREMAP_DONTUNMAP is EINVAL."),
            row("madvise", SysMemory::madvise, PARTIAL, "MADV_DONTNEED/FREE drop pages, MADV_REMOVE punches "
                    + "shared memory; other advice is accepted without effect."),
            row("mincore", SysMemory::mincore, FULL, ""),
            row("msync", SysMemory::msync, FULL, "Writes the shared mappings of host files back to the host file."),
            row("mlock", SysMemory::mlock, NOOP, "Guest memory is never swapped."),
            row("munlock", SysMemory::munlock, NOOP, "Guest memory is never swapped."),
            row("mlockall", SysMemory::mlockall, NOOP, "Guest memory is never swapped."),
            row("munlockall", SysMemory::munlockall, NOOP, "Guest memory is never swapped."),
            // Futexes (SysFutex)
            row("futex", SysFutex::futex, PARTIAL, "WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE, "
                    + "WAKE_OP, LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI (no priority boosting); WAIT_REQUEUE_PI and CMP_REQUEUE_PI are ENOSYS."),
            row("set_robust_list", SysFutex::setRobustList, FULL, ""),
            row("get_robust_list", SysFutex::getRobustList, FULL, ""),
            row("rseq", SysFutex::rseq, NOOP, "ENOSYS: restartable sequences are not provided; glibc carries on without."),
            // Time (SysTime)
            row("clock_gettime", SysTime::clockGettime, PARTIAL, "CPU-time clocks come from the JVM's per-thread "
                    + "accounting, which includes kernel work done on the guest's behalf."),
            row("clock_getres", SysTime::clockGetres, FULL, ""),
            row("clock_settime", SysTime::clockSettime, PARTIAL, "CLOCK_REALTIME only, as an offset to the host's clock."),
            row("gettimeofday", SysTime::gettimeofday, FULL, ""),
            row("settimeofday", SysTime::settimeofday, PARTIAL, "As an offset to the host's clock; the time zone is ignored."),
            row("time", SysTime::time, FULL, ""),
            row("nanosleep", SysTime::nanosleep, FULL, ""),
            row("clock_nanosleep", SysTime::clockNanosleep, PARTIAL, "CLOCK_REALTIME, MONOTONIC, BOOTTIME, TAI; "
                    + "CPU-time clocks are EOPNOTSUPP; absolute sleeps do not follow clock changes."),
            row("alarm", SysTime::alarm, FULL, ""),
            row("setitimer", SysTime::setitimer, FULL, "ITIMER_VIRTUAL and ITIMER_PROF sample the process's CPU time every 5 ms."),
            row("getitimer", SysTime::getitimer, FULL, ""),
            row("timer_create", SysTime::timerCreate, FULL, "SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID; CPU-time clocks are sampled every 5 ms."),
            row("timer_settime", SysTime::timerSettime, FULL, ""),
            row("timer_gettime", SysTime::timerGettime, FULL, ""),
            row("timer_getoverrun", SysTime::timerGetoverrun, FULL, ""),
            row("timer_delete", SysTime::timerDelete, FULL, ""),
            row("times", SysTime::times, FULL, ""),
            // Scheduler (SysSched)
            row("sched_yield", SysSched::schedYield, FULL, ""),
            row("sched_getaffinity", SysSched::schedGetaffinity, FULL, "All host processors (at most 64)."),
            row("sched_setaffinity", SysSched::schedSetaffinity, NOOP, "Validated; the host schedules the threads."),
            row("sched_getscheduler", SysSched::schedGetscheduler, PARTIAL, "Always SCHED_OTHER."),
            row("sched_setscheduler", SysSched::schedSetscheduler, NOOP, "Validated; no effect."),
            row("sched_getparam", SysSched::schedGetparam, PARTIAL, "Always priority 0."),
            row("sched_setparam", SysSched::schedSetparam, NOOP, "Validated; no effect."),
            row("sched_get_priority_max", SysSched::schedGetPriorityMax, FULL, ""),
            row("sched_get_priority_min", SysSched::schedGetPriorityMin, FULL, ""),
            row("sched_rr_get_interval", SysSched::schedRrGetInterval, PARTIAL, "Always 100 ms."),
            row("getcpu", SysSched::getcpu, PARTIAL, "A stable number per thread; node 0."),
            row("get_mempolicy", SysSched::getMempolicy, FULL, "One node: the thread's policy, node 0 for every page."),
            row("set_mempolicy", SysSched::setMempolicy, PARTIAL, "Validated and kept for one node (node 0); places nothing."),
            // System information (SysInfo)
            row("uname", SysInfo::uname, FULL, "Linux 6.1.0-jerla x86_64."),
            row("sethostname", SysInfo::sethostname, FULL, ""),
            row("setdomainname", SysInfo::setdomainname, FULL, ""),
            row("sysinfo", SysInfo::sysinfo, FULL, "Jerla's load average and tasks; the host's memory and swap, as /proc/meminfo."),
            row("getrandom", SysInfo::getrandom, FULL, "Never blocks."),
            row("getrlimit", SysInfo::getrlimit, FULL, ""),
            row("setrlimit", SysInfo::setrlimit, PARTIAL, "Limits are kept; RLIMIT_AS, RLIMIT_STACK, RLIMIT_NOFILE, "
                    + "RLIMIT_NPROC, RLIMIT_CPU and RLIMIT_CORE take effect, the others are not enforced."),
            row("prlimit64", SysInfo::prlimit64, PARTIAL, "As setrlimit."),
            row("getrusage", SysInfo::getrusage, PARTIAL, "CPU times and maxrss; the other counters are zero."),
            row("umask", SysInfo::umask, FULL, ""),
            row("reboot", SysInfo::reboot, PARTIAL, "Restart, halt and power-off all end the system."),
            row("getpriority", SysInfo::getpriority, PARTIAL, "Nice values are kept but do not affect scheduling."),
            row("setpriority", SysInfo::setpriority, PARTIAL, "Nice values are kept but do not affect scheduling."));

    /** Every row: ours, then the files owner's. */
    public static List<Syscall> all() {
        List<Syscall> l = new ArrayList<>(CORE);
        l.addAll(VfsSyscallTable.ENTRIES);
        l.addAll(NetSyscallTable.ENTRIES);
        return Collections.unmodifiableList(l);
    }

    /** The table indexed by number. @throws IllegalStateException if a number or name appears twice */
    public static Syscall[] byNumber() {
        Syscall[] t = new Syscall[SyscallNumbers.max()];
        Set<String> names = new HashSet<>();
        for (Syscall s : all()) {
            if (t[s.number()] != null || !names.add(s.name())) {
                throw new IllegalStateException("system call " + s.name() + " is in the table twice");
            }
            t[s.number()] = s;
        }
        return t;
    }

    /** Every row sorted by number. */
    public static List<Syscall> sorted() {
        List<Syscall> l = new ArrayList<>(all());
        l.sort(Comparator.comparingInt(Syscall::number));
        return l;
    }
}
