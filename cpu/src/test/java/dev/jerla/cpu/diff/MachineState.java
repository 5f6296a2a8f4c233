package dev.jerla.cpu.diff;

import java.util.HexFormat;

/**
 * The machine state a differential test case starts from or ends in: the 16 general registers
 * (RAX RCX RDX RBX RSP RBP RSI RDI R8-R15), RFLAGS, the complete x87/SSE state as a 512-byte
 * FXSAVE image, and the 64-byte memory buffer of the case.
 */
public final class MachineState {
    public final long[] gpr = new long[16];
    public long rflags;
    public final byte[] fx = new byte[512];
    public final byte[] mem = new byte[64];
    /** Bits 255:128 of YMM0-15, 16 bytes per register (the XSAVE AVX component). */
    public final byte[] ymmHi = new byte[256];

    public MachineState copy() {
        MachineState s = new MachineState();
        System.arraycopy(gpr, 0, s.gpr, 0, 16);
        s.rflags = rflags;
        System.arraycopy(fx, 0, s.fx, 0, 512);
        System.arraycopy(mem, 0, s.mem, 0, 64);
        System.arraycopy(ymmHi, 0, s.ymmHi, 0, 256);
        return s;
    }

    // ------------------------------------------------------------------ FXSAVE image fields

    public int fcw() { return u16(0); }

    public void setFcw(int v) { put(0, v, 2); }

    public int fsw() { return u16(2); }

    public void setFsw(int v) { put(2, v, 2); }

    /** Abridged tag byte: bit i set if physical register i is not empty. */
    public int ftw() { return fx[4] & 0xFF; }

    public void setFtw(int v) { fx[4] = (byte) v; }

    public int mxcsr() { return (int) get(24, 4); }

    public void setMxcsr(int v) { put(24, v, 4); }

    /** ST(i) as sign/exponent and significand (slots are in stack order). */
    public int stSe(int i) { return u16(32 + 16 * i + 8); }

    public long stM(int i) { return get(32 + 16 * i, 8); }

    public void setSt(int i, int se, long m) {
        put(32 + 16 * i, m, 8);
        put(32 + 16 * i + 8, se, 2);
    }

    public long xmm(int i, int half) { return get(160 + 16 * i + 8 * half, 8); }

    public void setXmm(int i, long lo, long hi) {
        put(160 + 16 * i, lo, 8);
        put(168 + 16 * i, hi, 8);
    }

    /** Bits 191:128 (half 0) or 255:192 (half 1) of YMM i. */
    public long ymmHi(int i, int half) {
        long v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | (ymmHi[16 * i + 8 * half + k] & 0xFF);
        return v;
    }

    public void setYmmHi(int i, long lo, long hi) {
        for (int k = 0; k < 8; k++) {
            ymmHi[16 * i + k] = (byte) (lo >>> (8 * k));
            ymmHi[16 * i + 8 + k] = (byte) (hi >>> (8 * k));
        }
    }

    public long memLong(int off) {
        long v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | (mem[off + k] & 0xFF);
        return v;
    }

    public void setMemLong(int off, long v) {
        for (int k = 0; k < 8; k++) mem[off + k] = (byte) (v >>> (8 * k));
    }

    private int u16(int o) { return (int) get(o, 2); }

    long get(int o, int n) {
        long v = 0;
        for (int k = n - 1; k >= 0; k--) v = v << 8 | (fx[o + k] & 0xFF);
        return v;
    }

    void put(int o, long v, int n) {
        for (int k = 0; k < n; k++) fx[o + k] = (byte) (v >>> (8 * k));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String[] names = DiffRunner.REG_NAMES;
        for (int i = 0; i < 16; i++) sb.append(String.format("%s=%x ", names[i], gpr[i]));
        sb.append(String.format("rflags=%x%n", rflags));
        sb.append(String.format("fcw=%04x fsw=%04x ftw=%02x mxcsr=%08x%n", fcw(), fsw(), ftw(), mxcsr()));
        for (int i = 0; i < 8; i++) sb.append(String.format("st%d=%04x:%016x ", i, stSe(i), stM(i)));
        sb.append('\n');
        for (int i = 0; i < 16; i++) {
            sb.append(String.format("ymm%d=%016x_%016x_%016x_%016x%s", i, ymmHi(i, 1), ymmHi(i, 0), xmm(i, 1), xmm(i, 0),
                    i % 2 == 1 ? "\n" : " "));
        }
        sb.append("mem=").append(HexFormat.of().formatHex(mem));
        return sb.toString();
    }
}
