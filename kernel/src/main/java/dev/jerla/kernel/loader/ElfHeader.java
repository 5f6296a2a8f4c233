package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Elf;
import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated ELF64 x86-64 file header and its program headers (the checks of load_elf_binary
 * and load_elf_phdrs in fs/binfmt_elf.c). Anything else is ENOEXEC: a bad magic, a machine other
 * than EM_X86_64, a type other than ET_EXEC or ET_DYN, a wrong e_phentsize, no or too many (more
 * than a page of) program headers, or program headers beyond the end of the file. Like Linux,
 * EI_CLASS and EI_DATA are not checked: e_machine and e_phentsize decide.
 */
public record ElfHeader(int type, long entry, long phoff, int phnum, List<Phdr> phdrs) {

    /** One program header (Elf64_Phdr). */
    public record Phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {}

    /** True if {@code buf} starts with the ELF magic. */
    public static boolean isElf(byte[] buf, int len) {
        return len >= 4 && buf[0] == 0x7f && buf[1] == 'E' && buf[2] == 'L' && buf[3] == 'F';
    }

    /**
     * Parses the header in {@code head} (the first bytes of the file) and the program headers in
     * {@code file} (the whole file or at least up to the program headers' end).
     *
     * @param fileLen how many bytes of {@code file} are valid
     */
    public static ElfHeader parse(byte[] file, int fileLen) throws ErrnoException {
        ErrnoException noexec = ErrnoException.of(Errno.ENOEXEC);
        if (fileLen < Elf.EHDR_SIZE || !isElf(file, fileLen)) throw noexec;
        int type = u16(file, 16);
        int machine = u16(file, 18);
        if (type != Elf.ET_EXEC && type != Elf.ET_DYN) throw noexec;
        if (machine != Elf.EM_X86_64) throw noexec;
        long entry = u64(file, 24);
        long phoff = u64(file, 32);
        int phentsize = u16(file, 54);
        int phnum = u16(file, 56);
        if (phentsize != Elf.PHDR_SIZE) throw noexec;
        long size = (long) phnum * Elf.PHDR_SIZE;
        if (size == 0 || size > 4096) throw noexec;
        if (phoff < 0 || phoff + size > fileLen) throw noexec;
        List<Phdr> ph = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * Elf.PHDR_SIZE);
            ph.add(new Phdr(u32(file, o), u32(file, o + 4), u64(file, o + 8), u64(file, o + 16),
                    u64(file, o + 32), u64(file, o + 40), u64(file, o + 48)));
        }
        return new ElfHeader(type, entry, phoff, phnum, List.copyOf(ph));
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static int u32(byte[] b, int o) {
        return u16(b, o) | u16(b, o + 2) << 16;
    }

    static long u64(byte[] b, int o) {
        return (u32(b, o) & 0xFFFFFFFFL) | (long) u32(b, o + 4) << 32;
    }
}
