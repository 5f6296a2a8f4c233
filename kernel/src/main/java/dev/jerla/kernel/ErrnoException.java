package dev.jerla.kernel;

import dev.jerla.abi.linux.Errno;

/**
 * The one checked exception of the kernel: a system call fails with an errno. Instances are
 * cached and stack-less, so throwing one costs no more than returning a code. Besides the Linux
 * errnos it carries the kernel-internal restart codes (ERESTARTSYS and friends, from
 * include/linux/errno.h), which the signal code turns into EINTR or a restart and which never
 * reach the guest.
 */
public final class ErrnoException extends Exception {
    /** Restart if the handler has SA_RESTART (or no handler runs), else EINTR. */
    public static final int ERESTARTSYS = 512;
    /** Always restart. */
    public static final int ERESTARTNOINTR = 513;
    /** Restart only if no handler runs, else EINTR. */
    public static final int ERESTARTNOHAND = 514;
    /** Restart through restart_syscall (nanosleep with remaining time). */
    public static final int ERESTART_RESTARTBLOCK = 516;

    private static final ErrnoException[] CACHE = new ErrnoException[520];
    static {
        for (int i = 1; i < CACHE.length; i++) CACHE[i] = new ErrnoException(i);
    }

    private final int code;

    private ErrnoException(int code) {
        super(null, null, false, false);
        this.code = code;
    }

    public static ErrnoException of(Errno e) {
        return CACHE[e.number()];
    }

    /** An errno or internal restart code by number. */
    public static ErrnoException of(int code) {
        if (code <= 0 || code >= CACHE.length) throw new IllegalArgumentException("errno " + code);
        return CACHE[code];
    }

    /** The positive error code (an errno, or one of the internal restart codes). */
    public int code() { return code; }

    /** The errno, or null for an internal restart code. */
    public Errno errno() { return Errno.of(code); }

    public boolean isRestart() { return code >= ERESTARTSYS; }

    @Override
    public String getMessage() {
        Errno e = Errno.of(code);
        return e != null ? e.name() : "ERESTART(" + code + ")";
    }
}
