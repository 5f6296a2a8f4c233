package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Auxv;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class InitialStackTest {
    private static final long TOP = 0x7ffffffff000L;

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static InitialStack.Layout build() {
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) random[i] = (byte) (i + 1);
        return InitialStack.build(TOP, List.of(b("./prog"), b("arg1")), List.of(b("A=1"), b("HOME=/root")),
                b("./prog"), random, new InitialStack.AuxInput(0x178bfbff, 0, 992, 0x400040, 9, 0x7ffff7fc3000L,
                        0x401000, 0, 0, 0, 0, false, 0x7ffff7fc1000L));
    }

    /** Reads guest memory of the image as if it were at [TOP - image.length, TOP). */
    private static final class Mem {
        final ByteBuffer buf;
        final long base;

        Mem(InitialStack.Layout l) {
            buf = ByteBuffer.wrap(l.image()).order(ByteOrder.LITTLE_ENDIAN);
            base = TOP - l.image().length;
        }

        long u64(long addr) { return buf.getLong((int) (addr - base)); }

        String str(long addr) {
            StringBuilder sb = new StringBuilder();
            for (int i = (int) (addr - base); buf.get(i) != 0; i++) sb.append((char) buf.get(i));
            return sb.toString();
        }
    }

    @Test
    void spIsSixteenByteAlignedAndPointsAtArgc() {
        InitialStack.Layout l = build();
        assertEquals(0, l.sp() % 16);
        assertEquals(TOP - l.sp(), l.image().length);
        assertEquals(2, new Mem(l).u64(l.sp()));
    }

    @Test
    void argvEnvpAndAuxvFollowArgcInLinuxOrder() {
        InitialStack.Layout l = build();
        Mem m = new Mem(l);
        long sp = l.sp();
        assertEquals("./prog", m.str(m.u64(sp + 8)));
        assertEquals("arg1", m.str(m.u64(sp + 16)));
        assertEquals(0, m.u64(sp + 24));
        assertEquals("A=1", m.str(m.u64(sp + 32)));
        assertEquals("HOME=/root", m.str(m.u64(sp + 40)));
        assertEquals(0, m.u64(sp + 48));
        long[] expectedTypes = {Auxv.AT_SYSINFO_EHDR, Auxv.AT_MINSIGSTKSZ, Auxv.AT_HWCAP, Auxv.AT_PAGESZ, Auxv.AT_CLKTCK, Auxv.AT_PHDR,
                Auxv.AT_PHENT, Auxv.AT_PHNUM, Auxv.AT_BASE, Auxv.AT_FLAGS, Auxv.AT_ENTRY, Auxv.AT_UID, Auxv.AT_EUID,
                Auxv.AT_GID, Auxv.AT_EGID, Auxv.AT_SECURE, Auxv.AT_RANDOM, Auxv.AT_HWCAP2, Auxv.AT_EXECFN,
                Auxv.AT_PLATFORM, Auxv.AT_NULL};
        long at = sp + 56;
        for (long type : expectedTypes) {
            assertEquals(type, m.u64(at), "auxv entry at +" + (at - sp));
            at += 16;
        }
        assertEquals(0x7ffff7fc1000L, m.u64(sp + 56 + 8));
        assertEquals(4096, m.u64(sp + 56 + 3 * 16 + 8));
        assertEquals(100, m.u64(sp + 56 + 4 * 16 + 8));
        assertEquals(56, m.u64(sp + 56 + 6 * 16 + 8));
        assertEquals(0x401000, m.u64(sp + 56 + 10 * 16 + 8));
    }

    @Test
    void pointerEntriesPointAtTheirStringsAndBytes() {
        InitialStack.Layout l = build();
        Mem m = new Mem(l);
        assertEquals("x86_64", m.str(l.platform()));
        assertEquals("./prog", m.str(l.execfn()));
        for (int i = 0; i < 16; i++) assertEquals(i + 1, l.image()[(int) (l.random() - m.base) + i]);
        assertEquals(l.random() + 16, l.platform(), "random bytes sit just below the platform string");
    }

    @Test
    void stringsSitAtTheTopWithTheFilenameHighestAndAnEightByteEndMarker() {
        InitialStack.Layout l = build();
        Mem m = new Mem(l);
        assertEquals(TOP - 8 - "./prog".length() - 1, l.execfn());
        for (int i = 1; i <= 8; i++) assertEquals(0, l.image()[l.image().length - i]);
        assertEquals(l.argStart(), l.stringsStart());
        assertEquals("./prog", m.str(l.argStart()));
        assertEquals(l.argEnd(), l.envStart());
        assertEquals("A=1", m.str(l.envStart()));
        assertEquals(l.execfn(), l.envEnd());
        assertTrue(l.platform() + 7 <= (l.stringsStart() & ~15L));
    }
}
