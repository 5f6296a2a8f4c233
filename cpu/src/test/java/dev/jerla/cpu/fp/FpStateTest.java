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
}
