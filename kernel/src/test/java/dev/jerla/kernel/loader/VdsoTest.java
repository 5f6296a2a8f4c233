package dev.jerla.kernel.loader;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VdsoTest {
    /** The value glibc's dl_vdso_vsym and musl's vdsosym look LINUX_2.6 up with (0x3ae75f6). */
    @Test
    void versionHashIsTheElfHashOfLinux26() {
        assertEquals(0x3ae75f6L, Vdso.elfHash("LINUX_2.6"));
    }

    /** Finds a symbol through PT_DYNAMIC, DT_HASH, DT_SYMTAB and DT_STRTAB as musl's vdsosym does. */
    private static long lookup(ByteBuffer b, String name) {
        int phoff = (int) b.getLong(32), phnum = b.getShort(56);
        long dyn = -1;
        for (int i = 0; i < phnum; i++) {
            int o = phoff + 56 * i;
            if (b.getInt(o) == 2) dyn = b.getLong(o + 8);
        }
        long hash = 0, sym = 0, str = 0;
        for (int o = (int) dyn; b.getLong(o) != 0; o += 16) {
            long tag = b.getLong(o), val = b.getLong(o + 8);
            if (tag == 4) hash = val;
            if (tag == 6) sym = val;
            if (tag == 5) str = val;
        }
        int nsyms = b.getInt((int) hash + 4);
        for (int i = 1; i < nsyms; i++) {
            int s = (int) sym + 24 * i;
            StringBuilder n = new StringBuilder();
            for (int k = (int) str + b.getInt(s); b.get(k) != 0; k++) n.append((char) b.get(k));
            if (n.toString().equals(name)) return b.getLong(s + 8);
        }
        return -1;
    }

    /** __vdso_clock_gettime is `mov eax, 228; syscall; ret` (B8 E4 00 00 00 0F 05 C3). */
    @Test
    void clockGettimeIsTheSystemCall() {
        byte[] img = Vdso.image();
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, b.getInt(0));
        assertEquals(3, b.getShort(16), "ET_DYN");
        long at = lookup(b, "__vdso_clock_gettime");
        assertTrue(at > 0);
        byte[] expect = {(byte) 0xb8, (byte) 0xe4, 0, 0, 0, 0x0f, 0x05, (byte) 0xc3};
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], img[(int) at + i], "byte " + i);
        assertTrue(lookup(b, "__vdso_getcpu") > 0);
        assertTrue(lookup(b, "time") > 0);
    }
}
