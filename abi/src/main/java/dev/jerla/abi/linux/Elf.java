package dev.jerla.abi.linux;

/** ELF64 constants, mirroring include/uapi/linux/elf.h and elf-em.h. */
public final class Elf {
    private Elf() {}

    public static final int EI_NIDENT = 16;
    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int EI_VERSION = 6;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int EV_CURRENT = 1;

    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;

    public static final int EM_X86_64 = 62;

    /** sizeof(Elf64_Ehdr) and sizeof(Elf64_Phdr). */
    public static final int EHDR_SIZE = 64;
    public static final int PHDR_SIZE = 56;

    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;
    public static final int PT_GNU_PROPERTY = 0x6474e553;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
}
