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
    public final long[] ymm = new long[(16 + SCRATCH_REGISTERS) * 4];
    /** Registers 16..19 of {@link #ymm} are scratch space of the VEX unit, never architectural. */
    static final int SCRATCH_REGISTERS = 4;
    /**
     * Set while a VEX-encoded instruction runs through the SSE semantics: its 128-bit memory
     * operands need no alignment (the aligned moves check it themselves).
     */
    boolean vex;
    /**
     * Set while the VEX unit runs a 256-bit operation as two 128-bit halves: the exceptions of
     * both halves are collected in {@link #deferredFlags} and raised once, as for one instruction.
     */
    boolean deferExceptions;
    int deferredFlags;
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

    // ------------------------------------------------------------------ XSAVE image

    /** XSAVE layout (SDM vol. 1, 13.4): legacy area, header, then the AVX component (YMM_Hi128). */
    public static final int XSAVE_HEADER = 512, XSAVE_AVX = 576, XSAVE_SIZE = 832;
    /** XCOMP_BV bit 63: the image is in the compacted format (XSAVEC). */
    public static final long XCOMP_COMPACTED = Long.MIN_VALUE;

    /**
     * XINUSE: the components (bit 0 x87, 1 SSE, 2 AVX) not in their initial configuration. The
     * x87 is initial as after FNINIT with zero registers; SSE with zero XMM registers (MXCSR is
     * saved whenever SSE or AVX is requested and does not count); AVX with zero upper halves.
     */
    public long xinuse() {
        long u = 0;
        boolean x87Init = fcw == FCW_DEFAULT && fsw == 0 && ftw == 0 && fop == 0 && fip == 0 && fdp == 0;
        for (int i = 0; i < 8 && x87Init; i++) x87Init = stSe[i] == 0 && stM[i] == 0;
        if (!x87Init) u |= 1;
        for (int i = 0; i < 16; i++) {
            if ((ymm[4 * i] | ymm[4 * i + 1]) != 0) u |= 2;
            if ((ymm[4 * i + 2] | ymm[4 * i + 3]) != 0) u |= 4;
        }
        return u;
    }

    /**
     * Writes the components in {@code rfbm} into a standard-format XSAVE image at {@code off}
     * (as XSAVE does, and as Linux lays out the FP state of a signal frame: struct
     * _fpstate_64 / struct xregs_state, arch/x86/include/uapi/asm/sigcontext.h): x87 and SSE in
     * the legacy area, the header's XSTATE_BV (bits of rfbm set to XINUSE, others kept), YMM
     * bits 255:128 at {@link #XSAVE_AVX}. The image must be {@link #XSAVE_SIZE} bytes.
     */
    public void xsave(byte[] out, int off, long rfbm) {
        byte[] legacy = new byte[FXSAVE_SIZE];
        fxsave(legacy, 0);
        if ((rfbm & 1) != 0) {
            System.arraycopy(legacy, 0, out, off, 24);
            System.arraycopy(legacy, 32, out, off + 32, 128);
        }
        if ((rfbm & 6) != 0) System.arraycopy(legacy, 24, out, off + 24, 8);
        if ((rfbm & 2) != 0) System.arraycopy(legacy, 160, out, off + 160, 256);
        long bv = getLong(out, off + XSAVE_HEADER);
        bv = (bv & ~rfbm) | (xinuse() & rfbm);
        putLong(out, off + XSAVE_HEADER, bv);
        if ((rfbm & 4) != 0) {
            for (int i = 0; i < 16; i++) {
                putLong(out, off + XSAVE_AVX + 16 * i, ymm[4 * i + 2]);
                putLong(out, off + XSAVE_AVX + 16 * i + 8, ymm[4 * i + 3]);
            }
        }
    }

    /**
     * Loads the components in {@code rfbm} from an XSAVE image (standard or compacted: with only
     * x87, SSE and AVX the two layouts coincide), as XRSTOR does: a component whose XSTATE_BV bit
     * is clear is set to its initial configuration. Returns false, changing nothing, where XRSTOR
     * raises #GP: XSTATE_BV bits outside {@code xcr0}, a compacted image whose XCOMP_BV does not
     * cover XSTATE_BV, nonzero reserved header bytes, or reserved MXCSR bits.
     */
    public boolean xrstor(byte[] in, int off, long rfbm, long xcr0) {
        long bv = getLong(in, off + XSAVE_HEADER);
        long comp = getLong(in, off + XSAVE_HEADER + 8);
        boolean compacted = comp < 0;
        if ((bv & ~xcr0) != 0) return false;
        if (compacted ? (comp & ~XCOMP_COMPACTED & ~xcr0) != 0 || (bv & ~comp) != 0 : comp != 0) return false;
        for (int k = 16; k < 64; k += 8) if (getLong(in, off + XSAVE_HEADER + k) != 0) return false;
        boolean loadMxcsr = compacted ? (rfbm & bv & 2) != 0 : (rfbm & 6) != 0;
        int m = getInt(in, off + 24);
        if (loadMxcsr && (m & ~MXCSR_MASK) != 0) return false;
        byte[] legacy = new byte[FXSAVE_SIZE];
        fxsave(legacy, 0);
        if ((rfbm & 1) != 0) {
            if ((bv & 1) != 0) {
                System.arraycopy(in, off, legacy, 0, 24);
                System.arraycopy(in, off + 32, legacy, 32, 128);
            } else {
                initX87(legacy);
            }
        }
        if (loadMxcsr) putInt(legacy, 24, m);
        // The compacted format treats MXCSR as part of the SSE component: initial when not in the image.
        else if (compacted && (rfbm & 2) != 0) putInt(legacy, 24, MXCSR_DEFAULT);
        if ((rfbm & 2) != 0) {
            if ((bv & 2) != 0) System.arraycopy(in, off + 160, legacy, 160, 256);
            else java.util.Arrays.fill(legacy, 160, 416, (byte) 0);
        }
        fxrstor(legacy, 0);
        if ((rfbm & 1) != 0 && (bv & 1) == 0) {
            java.util.Arrays.fill(stSe, 0);
            java.util.Arrays.fill(stM, 0);
        }
        if ((rfbm & 4) != 0) {
            for (int i = 0; i < 16; i++) {
                boolean load = (bv & 4) != 0;
                ymm[4 * i + 2] = load ? getLong(in, off + XSAVE_AVX + 16 * i) : 0;
                ymm[4 * i + 3] = load ? getLong(in, off + XSAVE_AVX + 16 * i + 8) : 0;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ the FP state of Linux signal frames

    /** struct _fpx_sw_bytes (arch/x86/include/uapi/asm/sigcontext.h): the markers of an XSAVE signal frame. */
    public static final int FP_XSTATE_MAGIC1 = 0x46505853, FP_XSTATE_MAGIC2 = 0x46505845, FP_XSTATE_MAGIC2_SIZE = 4;
    /** Offset of struct _fpx_sw_bytes (sw_reserved) in the legacy area. */
    public static final int SW_RESERVED = 464;

    /**
     * Bytes of the FP state in a signal frame for a CPU whose XCR0 is {@code xcr0}: the FXSAVE
     * image without XSAVE, else the XSAVE image followed by FP_XSTATE_MAGIC2 (Linux's
     * fpu_user_cfg.max_size + FP_XSTATE_MAGIC2_SIZE). The frame is 64-byte aligned.
     */
    public static int sigframeSize(long xcr0) {
        return xcr0 == 0 ? FXSAVE_SIZE : XSAVE_SIZE + FP_XSTATE_MAGIC2_SIZE;
    }

    /**
     * Writes the FP state of a signal frame as Linux does (arch/x86/kernel/fpu/signal.c,
     * copy_fpstate_to_sigframe and save_sw_bytes): without XSAVE the FXSAVE image; with it the
     * XSAVE image of every component of {@code xcr0}, XSTATE_BV with x87 and SSE always set, the
     * software bytes (FP_XSTATE_MAGIC1, extended_size, xfeatures, xstate_size) at
     * {@link #SW_RESERVED}, and FP_XSTATE_MAGIC2 right after the image.
     */
    public void saveSigframe(byte[] out, int off, long xcr0) {
        int size = sigframeSize(xcr0);
        java.util.Arrays.fill(out, off, off + size, (byte) 0);
        if (xcr0 == 0) {
            fxsave(out, off);
            return;
        }
        xsave(out, off, xcr0);
        putLong(out, off + XSAVE_HEADER, getLong(out, off + XSAVE_HEADER) | 3);
        putInt(out, off + SW_RESERVED, FP_XSTATE_MAGIC1);
        putInt(out, off + SW_RESERVED + 4, XSAVE_SIZE + FP_XSTATE_MAGIC2_SIZE);
        putLong(out, off + SW_RESERVED + 8, xcr0);
        putInt(out, off + SW_RESERVED + 16, XSAVE_SIZE);
        putInt(out, off + XSAVE_SIZE, FP_XSTATE_MAGIC2);
    }

    /**
     * Restores the FP state from a signal frame as rt_sigreturn does (__fpu_restore_sig): an
     * XSAVE frame (both magics, the expected sizes) restores the components its xfeatures names
     * and initializes the others; any other frame is an FXSAVE image, and the extended state is
     * initialized. {@code in} must hold {@link #sigframeSize} bytes from {@code off} (or 512 for
     * a frame of a CPU without XSAVE). Returns false, changing nothing, if the image would make
     * XRSTOR/FXRSTOR fault (reserved MXCSR bits, a bad header): sigreturn then fails.
     */
    public boolean restoreSigframe(byte[] in, int off, long xcr0) {
        boolean xstate = xcr0 != 0 && in.length - off >= XSAVE_SIZE + FP_XSTATE_MAGIC2_SIZE
                && getInt(in, off + SW_RESERVED) == FP_XSTATE_MAGIC1
                && getInt(in, off + SW_RESERVED + 4) == XSAVE_SIZE + FP_XSTATE_MAGIC2_SIZE
                && getInt(in, off + SW_RESERVED + 16) == XSAVE_SIZE
                && getInt(in, off + XSAVE_SIZE) == FP_XSTATE_MAGIC2;
        if (!xstate) {
            if (!fxrstor(in, off)) return false;
            for (int i = 0; i < 16; i++) ymm[4 * i + 2] = ymm[4 * i + 3] = 0;
            return true;
        }
        byte[] img = java.util.Arrays.copyOfRange(in, off, off + XSAVE_SIZE);
        long features = getLong(img, SW_RESERVED + 8) & xcr0;
        putLong(img, XSAVE_HEADER, getLong(img, XSAVE_HEADER) & features);
        return xrstor(img, 0, xcr0, xcr0);
    }

    /** The x87 part of a legacy image in its initial configuration (FNINIT, registers zero). */
    private static void initX87(byte[] img) {
        java.util.Arrays.fill(img, 0, 24, (byte) 0);
        java.util.Arrays.fill(img, 32, 160, (byte) 0);
        putShort(img, 0, FCW_DEFAULT);
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
