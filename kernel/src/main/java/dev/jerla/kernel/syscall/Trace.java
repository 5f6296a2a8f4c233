package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

import java.util.HashMap;
import java.util.Map;

/**
 * strace-like lines for {@code --trace}: "[tid] name(args) = result", with errno names for
 * failures. Arguments are shown by a small per-call format: d int, u unsigned, x hex, o octal,
 * p pointer, f directory fd, s path string, b buffer written (length in the next argument),
 * B buffer read (shown after the call), S signal. Calls without a format show three hex arguments.
 */
final class Trace {
    private Trace() {}

    private static final Map<String, String> FORMATS = new HashMap<>();
    private static final int BUF_SHOWN = 32;

    static {
        String spec = """
                read dBu write dbu open sxo close d stat sp fstat dp lstat sp poll pdd lseek ddd
                mmap pxxxdx mprotect pux munmap pu brk p rt_sigaction Spp rt_sigprocmask dpp ioctl dxp
                pread64 dBud pwrite64 dbud readv dpd writev dpd access so pipe p select dpppp sched_yield -
                mremap puuxp msync pux mincore pup madvise pud dup d dup2 dd pause - nanosleep pp
                getitimer dp alarm u setitimer dpp getpid - sendfile ddpu socket ddd connect dpd
                clone xpppp fork - vfork - execve spp exit d wait4 dpxp kill dS uname p fcntl ddx
                flock dd fsync d fdatasync d truncate sd ftruncate dd getdents64 dpu getcwd pu chdir s
                fchdir d rename ss mkdir so rmdir s creat so link ss unlink s symlink ss readlink spu
                chmod so fchmod do chown sdd fchown ddd lchown sdd umask o gettimeofday pp getrlimit dp
                getrusage dp sysinfo p times p getuid - getgid - setuid d setgid d geteuid - getegid -
                setpgid dd getppid - getpgrp - setsid - setreuid dd setregid dd getgroups dp setgroups dp
                setresuid ddd getresuid ppp setresgid ddd getresgid ppp getpgid d setfsuid d setfsgid d
                getsid d rt_sigpending pu rt_sigtimedwait ppp rt_sigqueueinfo dSp rt_sigsuspend pu
                sigaltstack pp statfs sp fstatfs dp getpriority dd setpriority ddd prctl dxxxx
                arch_prctl xp setrlimit dp chroot s sync - mount sssxp umount2 sx reboot xxx
                sethostname su gettid - tkill dS time p futex pxdppd sched_getaffinity dup
                sched_setaffinity dup set_tid_address p restart_syscall - clock_settime dp
                clock_gettime dp clock_getres dp clock_nanosleep ddpp exit_group d tgkill ddS
                waitid ddpxp openat fsxo mkdirat fso mknodat fsox fchownat fsddx newfstatat fspx
                unlinkat fsx renameat fsfs linkat fsfsx symlinkat sfs readlinkat fspu fchmodat fso
                faccessat fso pselect6 dppppp ppoll pdpp set_robust_list pu get_robust_list dpp
                utimensat fspx pipe2 px dup3 ddx prlimit64 ddpp getrandom pux execveat fsppx
                statx fsxxp faccessat2 fsox clone3 pu rseq pudd sched_getscheduler d getcpu ppp
                """;
        String[] f = spec.trim().split("\\s+");
        for (int i = 0; i + 1 < f.length; i += 2) FORMATS.put(f[i], f[i + 1].equals("-") ? "" : f[i + 1]);
    }

    /** The "name(args" part, formatted before the call (execve replaces the memory it reads). */
    static String enter(Task t, long nr, Syscall s, long a0, long a1, long a2, long a3, long a4, long a5) {
        String name = s != null ? s.name() : SyscallNumbers.name(nr);
        String fmt = FORMATS.getOrDefault(name, "xxx");
        long[] a = {a0, a1, a2, a3, a4, a5};
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(t.tid()).append("] ").append(name).append('(');
        for (int i = 0; i < fmt.length(); i++) {
            if (i > 0) sb.append(", ");
            char c = fmt.charAt(i);
            if (c == 'B') {
                sb.append('\u0000');
                continue;
            }
            sb.append(arg(t, c, a[i], i + 1 < a.length ? a[i + 1] : 0));
        }
        return sb.toString();
    }

    /** Completes and prints the line. */
    static void exit(Task t, String call, Syscall s, long result, long a0, long a1, long a2, long a3, long a4, long a5) {
        String line = call;
        int hole = line.indexOf('\u0000');
        if (hole >= 0) {
            // The read-like calls (read, pread64) have their buffer in the second argument.
            String shown = result >= 0 ? buffer(t, a1, result) : "0x" + Long.toHexString(a1);
            line = line.substring(0, hole) + shown + line.substring(hole + 1);
        }
        String name = s != null ? s.name() : "";
        String res;
        if (name.equals("exit") || name.equals("exit_group")) res = "?";
        else res = result(name, result);
        t.kernel().log().println(line + ") = " + res);
    }

    private static String arg(Task t, char c, long v, long next) {
        try {
            return switch (c) {
                case 'd' -> Integer.toString((int) v);
                case 'u' -> Long.toUnsignedString(v);
                case 'x' -> "0x" + Long.toHexString(v);
                case 'o' -> "0" + Long.toOctalString(v);
                case 'p' -> v == 0 ? "NULL" : "0x" + Long.toHexString(v);
                case 'f' -> (int) v == Fcntl.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) v);
                case 'S' -> Signal.name((int) v);
                case 's' -> v == 0 ? "NULL" : quote(t.mem().readCStringBytes(v, 4096), 4096);
                case 'b' -> buffer(t, v, next);
                default -> "0x" + Long.toHexString(v);
            };
        } catch (ErrnoException e) {
            return "0x" + Long.toHexString(v);
        }
    }

    private static String buffer(Task t, long addr, long len) {
        int n = (int) Math.min(Math.max(len, 0), BUF_SHOWN);
        try {
            byte[] b = t.mem().copyIn(addr, n);
            return quote(b, n) + (len > BUF_SHOWN ? "..." : "");
        } catch (ErrnoException e) {
            return "0x" + Long.toHexString(addr);
        }
    }

    private static String quote(byte[] b, int max) {
        if (b == null) return "\"...\"";
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(b.length, max); i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String result(String name, long r) {
        if (r < 0 && r >= -4095) {
            int code = (int) -r;
            return switch (code) {
                case ErrnoException.ERESTARTSYS -> "? ERESTARTSYS (To be restarted if SA_RESTART is set)";
                case ErrnoException.ERESTARTNOINTR -> "? ERESTARTNOINTR (To be restarted)";
                case ErrnoException.ERESTARTNOHAND -> "? ERESTARTNOHAND (To be restarted if no handler)";
                case ErrnoException.ERESTART_RESTARTBLOCK -> "? ERESTART_RESTARTBLOCK (Interrupted by signal)";
                default -> {
                    Errno e = Errno.of(code);
                    yield e == null ? "-1 errno " + code : "-1 " + e.name() + " (" + e.message() + ")";
                }
            };
        }
        return switch (name) {
            case "mmap", "brk", "mremap" -> "0x" + Long.toHexString(r);
            default -> Long.toString(r);
        };
    }
}
