package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;

import java.util.Arrays;

/**
 * A siginfo_t as the guest sees it: 128 bytes, laid out as include/uapi/asm-generic/siginfo.h
 * does for x86-64 (si_signo at 0, si_errno at 4, si_code at 8, the union at 16). Immutable.
 */
public final class SigInfo {
    public static final int SIZE = 128;

    private final byte[] raw;

    private SigInfo(byte[] raw) {
        this.raw = raw;
    }

    private static SigInfo of(int sig, int code) {
        byte[] b = new byte[SIZE];
        putInt(b, 0, sig);
        putInt(b, 8, code);
        return new SigInfo(b);
    }

    /** A signal sent by a process (kill, tkill, the kernel on behalf of a process): _kill {pid, uid}. */
    public static SigInfo kill(int sig, int code, int pid, int uid) {
        SigInfo s = of(sig, code);
        putInt(s.raw, 16, pid);
        putInt(s.raw, 20, uid);
        return s;
    }

    /** A signal the kernel generates itself (SI_KERNEL). */
    public static SigInfo kernel(int sig) {
        return of(sig, Signal.SI_KERNEL);
    }

    /** A hardware fault: _sigfault {si_addr}. */
    public static SigInfo fault(int sig, int code, long addr) {
        SigInfo s = of(sig, code);
        putLong(s.raw, 16, addr);
        return s;
    }

    /** A child's state change: _sigchld {pid, uid, status, utime, stime} (times in clock ticks). */
    public static SigInfo chld(int code, int pid, int uid, int status, long utime, long stime) {
        SigInfo s = of(Signal.SIGCHLD, code);
        putInt(s.raw, 16, pid);
        putInt(s.raw, 20, uid);
        putInt(s.raw, 24, status);
        putLong(s.raw, 32, utime);
        putLong(s.raw, 40, stime);
        return s;
    }

    /**
     * A timer expiry: _timer {si_tid (the timer id), si_overrun, si_sigval} with SI_TIMER, or a
     * plain SI_KERNEL signal for the interval timers.
     */
    public static SigInfo timer(int sig, int code, int timerId, int overrun, long sigval) {
        if (code == Signal.SI_KERNEL) return kernel(sig);
        SigInfo s = of(sig, code);
        putInt(s.raw, 16, timerId);
        putInt(s.raw, 20, overrun);
        putLong(s.raw, 24, sigval);
        return s;
    }

    /** A siginfo supplied by the guest (rt_sigqueueinfo): kept as is except si_signo. */
    public static SigInfo fromGuest(int sig, byte[] guest) {
        byte[] b = Arrays.copyOf(guest, SIZE);
        putInt(b, 0, sig);
        return new SigInfo(b);
    }

    public int signo() { return getInt(raw, 0); }

    public int errno() { return getInt(raw, 4); }

    public int code() { return getInt(raw, 8); }

    /** si_pid for the kill, rt and chld layouts. */
    public int pid() { return getInt(raw, 16); }

    /** si_addr for the fault layout. */
    public long addr() { return getLong(raw, 16); }

    /** The 128 guest bytes. */
    public byte[] bytes() { return raw.clone(); }

    static void putInt(byte[] b, int o, int v) {
        for (int i = 0; i < 4; i++) b[o + i] = (byte) (v >>> (8 * i));
    }

    static void putLong(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) b[o + i] = (byte) (v >>> (8 * i));
    }

    static int getInt(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    static long getLong(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[o + i] & 0xFF);
        return v;
    }

    @Override
    public String toString() {
        return "{si_signo=" + Signal.name(signo()) + ", si_code=" + code() + "}";
    }
}
