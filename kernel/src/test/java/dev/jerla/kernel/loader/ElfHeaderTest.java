package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Elf;
import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class ElfHeaderTest {
    /** A minimal static x86-64 executable: header, one PT_LOAD covering the file, one PT_GNU_STACK. */
    static byte[] tinyElf() {
        ByteBuffer b = ByteBuffer.allocate(0x200).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', Elf.ELFCLASS64, Elf.ELFDATA2LSB, 1, 0});
        b.putShort(16, (short) Elf.ET_EXEC);
        b.putShort(18, (short) Elf.EM_X86_64);
        b.putInt(20, 1);
        b.putLong(24, 0x401000 + 0x100);
        b.putLong(32, 64);
        b.putShort(52, (short) 64);
        b.putShort(54, (short) Elf.PHDR_SIZE);
        b.putShort(56, (short) 2);
        int p = 64;
        b.putInt(p, Elf.PT_LOAD);
        b.putInt(p + 4, Elf.PF_R | Elf.PF_X);
        b.putLong(p + 8, 0);
        b.putLong(p + 16, 0x401000);
        b.putLong(p + 32, 0x200);
        b.putLong(p + 40, 0x1200);
        b.putLong(p + 48, 0x1000);
        p += Elf.PHDR_SIZE;
        b.putInt(p, Elf.PT_GNU_STACK);
        b.putInt(p + 4, Elf.PF_R | Elf.PF_W);
        return b.array();
    }

    private static void assertNoexec(byte[] file) {
        ErrnoException e = assertThrows(ErrnoException.class, () -> ElfLoader.prepare(file, file.length, null));
        assertEquals(Errno.ENOEXEC, e.errno());
    }

    @Test
    void aValidHeaderParses() throws ErrnoException {
        byte[] f = tinyElf();
        ElfLoader.Image img = ElfLoader.prepare(f, f.length, null);
        assertEquals(Elf.ET_EXEC, img.header().type());
        assertEquals(0x401100, img.header().entry());
        assertEquals(2, img.header().phnum());
        assertEquals(0x1200, img.header().phdrs().get(0).memsz());
        assertFalse(ElfLoader.wantsExecStack(img));
        assertNull(ElfLoader.interpreterPath(img));
    }

    @Test
    void badMagicIsEnoexec() {
        byte[] f = tinyElf();
        f[1] = 'X';
        assertNoexec(f);
    }

    @Test
    void truncatedHeaderIsEnoexec() {
        assertNoexec(Arrays.copyOf(tinyElf(), 40));
        assertNoexec(new byte[0]);
    }

    @Test
    void programHeadersBeyondTheEndOfTheFileAreEnoexec() {
        assertNoexec(Arrays.copyOf(tinyElf(), 100));
    }

    @Test
    void segmentDataBeyondTheEndOfTheFileIsAcceptedAsLinuxDoes() throws ErrnoException {
        // load_elf_binary maps such a segment; touching its missing pages is what fails (SIGBUS, or SIGSEGV from padzero).
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 32, 0x400);
        assertEquals(0x400, ElfLoader.prepare(f, f.length, null).header().phdrs().get(0).filesz());
    }

    @Test
    void segmentOffsetThatOverflowsIsEnoexec() {
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 8, Long.MAX_VALUE - 0x100).putLong(64 + 16, Long.MAX_VALUE - 0x100);
        assertNoexec(f);
    }

    @Test
    void identClassAndDataAreIgnoredAsLinuxDoes() {
        // Linux's load_elf_binary checks e_machine, not EI_CLASS/EI_DATA: such a file still loads.
        byte[] f = tinyElf();
        f[Elf.EI_CLASS] = 1;
        f[Elf.EI_DATA] = 2;
        assertDoesNotThrow(() -> ElfHeader.parse(f, f.length));
    }

    @Test
    void anotherMachineIsEnoexec() {
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 183);
        assertNoexec(f);
    }

    @Test
    void relocatableObjectsAreEnoexec() {
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(16, (short) 1);
        assertNoexec(f);
    }

    @Test
    void wrongProgramHeaderSizeIsEnoexec() {
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(54, (short) 32);
        assertNoexec(f);
    }

    @Test
    void fileSizeLargerThanMemorySizeIsEnoexec() {
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 40, 0x100);
        assertNoexec(f);
    }

    @Test
    void executableStackFollowsPtGnuStack() throws ErrnoException {
        byte[] f = tinyElf();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(64 + Elf.PHDR_SIZE + 4, Elf.PF_R | Elf.PF_W | Elf.PF_X);
        assertTrue(ElfLoader.wantsExecStack(ElfLoader.prepare(f, f.length, null)));
    }
}
