package dev.jerla.cpu.fp;

/**
 * The floating-point and vector state of one CPU: XMM/YMM registers, MXCSR and the x87 unit.
 * Layout in memory (FXSAVE) is produced by {@link #fxsave} and read by {@link #fxrstor}.
 *
 * <p>x87 registers are kept as true 80-bit values, a 16-bit sign and exponent and a 64-bit
 * significand each, indexed by physical register (R0-R7); ST(i) is physical register
 * {@code (TOP + i) & 7}. Internally the tag word is the abridged one of FXSAVE (one bit per
 * physical register: not empty), as on every x86 since the P6; the full two-bit form of FNSTENV
 * is derived from the register contents.
 */
public final class FpState {
    /** MXCSR bits that may be set (FXSAVE's MXCSR_MASK): DAZ is supported, AMD's misaligned-SSE mode is not. */
    public static final int MXCSR_MASK = 0xFFFF;
    public static final int MXCSR_DEFAULT = 0x1F80;
    public static final int FCW_DEFAULT = 0x037F;

    /** YMM registers as 4 little-endian 64-bit lanes each: register i lane j is {@code ymm[i * 4 + j]}; XMM i is lanes 0 and 1. */
    public final long[] ymm = new long[16 * 4];
    public int mxcsr = MXCSR_DEFAULT;

    /** x87 physical registers: sign and biased exponent (16 bits), and significand. */
    final int[] stSe = new int[8];
    final long[] stM = new long[8];
    /** x87 control word. */
    int fcw = FCW_DEFAULT;
    /** x87 status word, including TOP (bits 11-13). */
    int fsw;
    /** Abridged tag word: bit i set if physical register i is not empty. */
    int ftw;
    /** Last x87 opcode (11 bits), instruction pointer and data pointer. */
    int fop;
    long fip, fdp;

    /** Scratch for the source operand of the instruction being executed (two 64-bit halves). */
    long src0, src1;

    /** Arithmetic contexts of the two units; their control is set from MXCSR / FCW before each instruction. */
    final SoftFloat sse = new SoftFloat();
    final SoftFloat x87 = new SoftFloat();

    /** Resets the x87 unit as FNINIT does (MXCSR and XMM registers are untouched). */
    public void finit() {
        fcw = FCW_DEFAULT;
        fsw = 0;
        ftw = 0;
        fop = 0;
        fip = 0;
        fdp = 0;
    }

    /** Resets everything to the state of a new process (execve): x87 as after FNINIT, MXCSR 0x1F80, vector registers zero. */
    public void reset() {
        finit();
        java.util.Arrays.fill(stSe, 0);
        java.util.Arrays.fill(stM, 0);
        java.util.Arrays.fill(ymm, 0);
        mxcsr = MXCSR_DEFAULT;
    }

    /** Copies all of {@code other} (fork, clone). */
    public void copyFrom(FpState other) {
        System.arraycopy(other.ymm, 0, ymm, 0, ymm.length);
        System.arraycopy(other.stSe, 0, stSe, 0, 8);
        System.arraycopy(other.stM, 0, stM, 0, 8);
        mxcsr = other.mxcsr;
        fcw = other.fcw;
        fsw = other.fsw;
        ftw = other.ftw;
        fop = other.fop;
        fip = other.fip;
        fdp = other.fdp;
    }

    public int fcw() { return fcw; }

    /** A control word as loaded: the reserved bits 7 and 13-15 read as 0, bit 6 as 1. */
    static int validFcw(int v) { return (v & 0x1F3F) | 0x40; }

    public int fsw() { return fsw; }

    // ------------------------------------------------------------------ FXSAVE image

    /** The size of the FXSAVE area. */
    public static final int FXSAVE_SIZE = 512;

    /**
     * Writes the 512-byte FXSAVE image (64-bit form, as FXSAVE64 and Linux's struct
     * user_i387_struct / _fpstate_64): FCW, FSW, abridged FTW, FOP, FIP, FDP, MXCSR, MXCSR_MASK,
     * ST0-ST7 in 16-byte slots, XMM0-XMM15; bytes 416-511 are left as they are.
     */
    public void fxsave(byte[] out, int off) {
        putShort(out, off, fcw);
        putShort(out, off + 2, fsw);
        // The abridged tag byte is indexed by physical register, the ST slots by stack position.
        out[off + 4] = (byte) ftw;
        out[off + 5] = 0;
        putShort(out, off + 6, fop);
        putLong(out, off + 8, fip);
        putLong(out, off + 16, fdp);
        putInt(out, off + 24, mxcsr);
        putInt(out, off + 28, MXCSR_MASK);
        int top = top();
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            int o = off + 32 + 16 * i;
            putLong(out, o, stM[p]);
            putShort(out, o + 8, stSe[p]);
            java.util.Arrays.fill(out, o + 10, o + 16, (byte) 0);
        }
        for (int i = 0; i < 16; i++) {
            putLong(out, off + 160 + 16 * i, ymm[4 * i]);
            putLong(out, off + 168 + 16 * i, ymm[4 * i + 1]);
        }
    }

    /**
     * Loads a 512-byte FXSAVE image. Returns false, changing nothing, if MXCSR has bits outside
     * {@link #MXCSR_MASK} (FXRSTOR raises #GP; Linux's sigreturn masks them off first).
     */
    public boolean fxrstor(byte[] in, int off) {
        int m = getInt(in, off + 24);
        if ((m & ~MXCSR_MASK) != 0) return false;
        fcw = validFcw(getShort(in, off));
        fsw = getShort(in, off + 2);
        // ES and B follow from the exception flags and masks rather than from the image.
        X87Unit.updateSummary(this);
        fop = getShort(in, off + 6) & 0x7FF;
        fip = getLong(in, off + 8);
        fdp = getLong(in, off + 16);
        mxcsr = m;
        int top = top();
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            int o = off + 32 + 16 * i;
            stM[p] = getLong(in, o);
            stSe[p] = getShort(in, o + 8);
        }
        ftw = in[off + 4] & 0xFF;
        for (int i = 0; i < 16; i++) {
            ymm[4 * i] = getLong(in, off + 160 + 16 * i);
            ymm[4 * i + 1] = getLong(in, off + 168 + 16 * i);
        }
        return true;
    }

    /**
     * Rewrites the pointer fields of a 64-bit image into the 32-bit layout of FXSAVE without REX.W:
     * FIP, FCS, FDP, FDS as 32-bit offsets and 16-bit selectors (the selectors read as zero).
     */
    static void toLegacyFxsave(byte[] img, int off) {
        long ip = getLong(img, off + 8), dp = getLong(img, off + 16);
        putInt(img, off + 8, (int) ip);
        putInt(img, off + 12, 0);
        putInt(img, off + 16, (int) dp);
        putInt(img, off + 20, 0);
    }

    /** The inverse of {@link #toLegacyFxsave}: 32-bit FIP and FDP, zero-extended; the selectors are dropped. */
    static void fromLegacyFxsave(byte[] img, int off) {
        putLong(img, off + 8, getInt(img, off + 8) & 0xFFFFFFFFL);
        putLong(img, off + 16, getInt(img, off + 16) & 0xFFFFFFFFL);
    }

    int top() { return (fsw >>> 11) & 7; }

    /**
     * The full x87 tag word (FNSTENV, FNSAVE): two bits per physical register, 00 valid, 01 zero,
     * 10 special (NaN, infinity, denormal, unsupported), 11 empty.
     */
    int fullTagWord() {
        int t = 0;
        for (int p = 0; p < 8; p++) {
            int tag;
            if ((ftw & (1 << p)) == 0) {
                tag = 3;
            } else {
                int e = stSe[p] & 0x7FFF;
                long m = stM[p];
                if (e == 0) tag = m == 0 ? 1 : 2;
                else if (e == 0x7FFF || m >= 0) tag = 2;
                else tag = 0;
            }
            t |= tag << (2 * p);
        }
        return t;
    }

    /** Sets the abridged tags from a full tag word (FLDENV, FRSTOR): only "empty" is taken from it. */
    void setFullTagWord(int t) {
        ftw = 0;
        for (int p = 0; p < 8; p++) {
            if (((t >>> (2 * p)) & 3) != 3) ftw |= 1 << p;
        }
    }

    // ------------------------------------------------------------------ little-endian byte access

    static void putShort(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }

    static void putInt(byte[] b, int o, int v) {
        for (int k = 0; k < 4; k++) b[o + k] = (byte) (v >>> (8 * k));
    }

    static void putLong(byte[] b, int o, long v) {
        for (int k = 0; k < 8; k++) b[o + k] = (byte) (v >>> (8 * k));
    }

    static int getShort(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static int getInt(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    static long getLong(byte[] b, int o) {
        return (getInt(b, o) & 0xFFFFFFFFL) | (long) getInt(b, o + 4) << 32;
    }
}
