package dev.jerla.cpu.fp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The FXSAVE image that signal frames carry (Linux struct _fpstate_64 / user_i387_struct). */
class FpStateTest {
    @Test
    void fxsaveImageRoundTrips() {
        Random r = new Random(7);
        byte[] img = new byte[512];
        r.nextBytes(img);
        FpState.putShort(img, 0, 0x027F);
        FpState.putShort(img, 2, 0x3800 | 0x20);
        FpState.putInt(img, 24, 0x1F80 | 0x6000);
        for (int i = 0; i < 8; i++) FpState.putLong(img, 42 + 16 * i, 0);
        FpState s = new FpState();
        assertEquals(true, s.fxrstor(img, 0));
        byte[] out = new byte[512];
        s.fxsave(out, 0);
        assertEquals(0x027F, FpState.getShort(out, 0));
        assertEquals(0x3820, FpState.getShort(out, 2));
        assertEquals(img[4], out[4]);
        assertEquals(0x7F80, FpState.getInt(out, 24));
        assertEquals(FpState.MXCSR_MASK, FpState.getInt(out, 28));
        // ST0-ST7 (10 bytes each in 16-byte slots) and XMM0-XMM15 come back unchanged.
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 10; k++) assertEquals(img[32 + 16 * i + k], out[32 + 16 * i + k]);
        }
        byte[] xmmIn = java.util.Arrays.copyOfRange(img, 160, 416), xmmOut = java.util.Arrays.copyOfRange(out, 160, 416);
        assertArrayEquals(xmmIn, xmmOut);
    }

    @Test
    void fxrstorRejectsReservedMxcsrBits() {
        byte[] img = new byte[512];
        FpState.putInt(img, 24, 0x21F80);
        FpState s = new FpState();
        assertFalse(s.fxrstor(img, 0));
        assertEquals(FpState.MXCSR_DEFAULT, s.mxcsr);
    }

    @Test
    void stackTopMapsSlotsToPhysicalRegisters() {
        byte[] img = new byte[512];
        FpState.putShort(img, 2, 5 << 11);
        img[4] = (byte) 0x20;
        FpState.putLong(img, 32, 0x8000000000000000L);
        FpState.putShort(img, 40, 0x3FFF);
        FpState s = new FpState();
        s.fxrstor(img, 0);
        // ST0 is physical register 5, which the abridged tag marks valid: full tag 00 there, 11 elsewhere.
        assertEquals(0x3FFF, s.stSe[5]);
        assertEquals(0xF3FF, s.fullTagWord());
    }

    /** A signal frame with XSAVE carries YMM bits 255:128 and Linux's markers, and restores them. */
    @Test
    void xsaveSigframeCarriesTheAvxState() {
        Random r = new Random(11);
        FpState s = new FpState();
        for (int i = 0; i < 64; i++) s.ymm[i] = r.nextLong();
        s.mxcsr = 0x1F80 | 0x6000;
        int size = FpState.sigframeSize(7);
        assertEquals(836, size);
        byte[] frame = new byte[size];
        s.saveSigframe(frame, 0, 7);
        assertEquals(FpState.FP_XSTATE_MAGIC1, FpState.getInt(frame, 464));
        assertEquals(836, FpState.getInt(frame, 468));
        assertEquals(7, FpState.getLong(frame, 472));
        assertEquals(832, FpState.getInt(frame, 480));
        assertEquals(FpState.FP_XSTATE_MAGIC2, FpState.getInt(frame, 832));
        assertEquals(7, FpState.getLong(frame, 512), "XSTATE_BV: x87 and SSE always, AVX in use");
        assertEquals(s.ymm[2], FpState.getLong(frame, 576));
        FpState t = new FpState();
        assertEquals(true, t.restoreSigframe(frame, 0, 7));
        for (int i = 0; i < 64; i++) assertEquals(s.ymm[i], t.ymm[i], "lane " + i);
        assertEquals(s.mxcsr, t.mxcsr);

        // Without the magic the frame is an FXSAVE image: the upper halves are initialized.
        FpState.putInt(frame, 832, 0);
        assertEquals(true, t.restoreSigframe(frame, 0, 7));
        assertEquals(s.ymm[4], t.ymm[4]);
        assertEquals(0, t.ymm[6]);

        // xfeatures without AVX: the AVX component is initialized too.
        FpState.putInt(frame, 832, FpState.FP_XSTATE_MAGIC2);
        FpState.putLong(frame, 472, 3);
        t.ymm[6] = 5;
        assertEquals(true, t.restoreSigframe(frame, 0, 7));
        assertEquals(0, t.ymm[6]);

        // A CPU without XSAVE (x86-64-v2): the 512-byte FXSAVE frame of before.
        assertEquals(512, FpState.sigframeSize(0));
        byte[] fx = new byte[512];
        s.saveSigframe(fx, 0, 0);
        assertEquals(0, FpState.getInt(fx, 464));
    }
}
