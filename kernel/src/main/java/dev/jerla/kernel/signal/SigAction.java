package dev.jerla.kernel.signal;

import dev.jerla.abi.linux.Signal;

/**
 * One signal's disposition: the kernel's struct sigaction for x86-64 rt_sigaction(2)
 * (sa_handler at 0, sa_flags at 8, sa_restorer at 16, sa_mask at 24; 32 bytes).
 */
public record SigAction(long handler, long flags, long restorer, long mask) {
    public static final int SIZE = 32;
    public static final SigAction DEFAULT = new SigAction(Signal.SIG_DFL, 0, 0, 0);

    public boolean isDefault() { return handler == Signal.SIG_DFL; }

    public boolean isIgnore() { return handler == Signal.SIG_IGN; }

    public boolean has(long flag) { return (flags & flag) != 0; }

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        SigInfo.putLong(b, 0, handler);
        SigInfo.putLong(b, 8, flags);
        SigInfo.putLong(b, 16, restorer);
        SigInfo.putLong(b, 24, mask);
        return b;
    }

    public static SigAction fromBytes(byte[] b) {
        return new SigAction(SigInfo.getLong(b, 0), SigInfo.getLong(b, 8), SigInfo.getLong(b, 16), SigInfo.getLong(b, 24));
    }
}
