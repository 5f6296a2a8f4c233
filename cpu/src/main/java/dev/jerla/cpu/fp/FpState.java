package dev.jerla.cpu.fp;

/**
 * The floating-point and vector state of one CPU: XMM/YMM registers, MXCSR and the x87 unit.
 * Layout in memory (FXSAVE/XSAVE) is produced by {@link #fxsave} / {@link #fxrstor}.
 */
public final class FpState {
    /** YMM registers as 4 little-endian 64-bit lanes each: register i lane j is {@code ymm[i * 4 + j]}; XMM i is lanes 0 and 1. */
    public final long[] ymm = new long[16 * 4];
    public int mxcsr = 0x1F80;
}
