package dev.jerla.kernel.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The virtual dynamic shared object mapped into every program at exec and announced by
 * AT_SYSINFO_EHDR (arch/x86/entry/vdso): a small ELF shared object, linked at address 0,
 * exporting clock_gettime, clock_getres, gettimeofday, time and getcpu under their
 * {@code __vdso_} names and plain ones, all at version LINUX_2.6 as vdso.lds defines them.
 *
 * <p>The image is generated here rather than compiled (no compiler is needed at Jerla's build
 * time). Each function is the system call it stands for ({@code mov eax, NR; syscall; ret}):
 * results and errors are those of the system call, so callers that fall back on -ENOSYS or
 * check -errno behave as with Linux's vDSO; it only saves the caller no time.
 *
 * <p>Layout: ELF header, PT_LOAD (R+X, the whole image) and PT_DYNAMIC, then .hash (one SysV
 * bucket), .dynsym, .dynstr, .gnu.version, .gnu.version_d, .dynamic and the code.
 */
public final class Vdso {
    private Vdso() {}

    /** The mapping's size: one page. */
    public static final int SIZE = 4096;
    /**
     * The [vvar] area below the image: four pages, as Linux maps for its vDSO's clock data. The
     * stubs make system calls and read nothing there, so the pages stay zero.
     */
    public static final int VVAR_SIZE = 4 * 4096;

    private static final String SONAME = "linux-vdso.so.1";
    private static final String VERSION = "LINUX_2.6";

    /** Exported names and the system call each one makes (arch/x86/entry/vdso/vdso.lds.S). */
    private static final String[] NAMES = {
            "clock_gettime", "__vdso_clock_gettime", "gettimeofday", "__vdso_gettimeofday",
            "time", "__vdso_time", "getcpu", "__vdso_getcpu", "clock_getres", "__vdso_clock_getres"};
    private static final int[] NUMBERS = {228, 228, 96, 96, 201, 201, 309, 309, 229, 229};

    private static final int PT_LOAD = 1, PT_DYNAMIC = 2, PF_X = 1, PF_R = 4;
    private static final int DT_NULL = 0, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6, DT_STRSZ = 10,
            DT_SYMENT = 11, DT_SONAME = 14, DT_VERSYM = 0x6ffffff0, DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd;
    private static final int VER_FLG_BASE = 1;
    private static final int STB_GLOBAL = 1, STT_FUNC = 2;
    /** Bytes per stub: B8 imm32 (mov eax), 0F 05 (syscall), C3 (ret), padded to 16. */
    private static final int STUB = 16;

    private static final byte[] IMAGE = build();

    /** The image (a fresh copy), {@link #SIZE} bytes. */
    public static byte[] image() { return IMAGE.clone(); }

    /** The ELF hash (the SysV ABI's, as .hash and vd_hash use). */
    static long elfHash(String name) {
        long h = 0;
        for (byte c : name.getBytes(StandardCharsets.US_ASCII)) {
            h = (h << 4) + (c & 0xff);
            long g = h & 0xf0000000L;
            if (g != 0) h ^= g >>> 24;
            h &= ~g;
        }
        return h;
    }

    private static byte[] build() {
        int nsyms = NAMES.length + 1;
        // .dynstr: "\0" soname "\0" version "\0" names...
        StringBuilder str = new StringBuilder("\0");
        int sonameOff = str.length();
        str.append(SONAME).append('\0');
        int versionOff = str.length();
        str.append(VERSION).append('\0');
        int[] nameOff = new int[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            nameOff[i] = str.length();
            str.append(NAMES[i]).append('\0');
        }
        byte[] strtab = str.toString().getBytes(StandardCharsets.US_ASCII);

        int hashOff = 64 + 2 * 56;
        int hashSize = 4 * (2 + 1 + nsyms);
        int symOff = align(hashOff + hashSize, 8);
        int strOff = symOff + 24 * nsyms;
        int versymOff = align(strOff + strtab.length, 2);
        int verdefOff = align(versymOff + 2 * nsyms, 4);
        int verdefSize = 2 * (20 + 8);
        int dynOff = align(verdefOff + verdefSize, 8);
        int dynCount = 10;
        int textOff = align(dynOff + 16 * dynCount, STUB);
        int end = textOff + STUB * NAMES.length;
        if (end > SIZE) throw new IllegalStateException("vDSO image too large: " + end);

        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        // Elf64_Ehdr
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 3);            // ET_DYN
        b.putShort(18, (short) 62);           // EM_X86_64
        b.putInt(20, 1);                      // EV_CURRENT
        b.putLong(24, 0);                     // e_entry
        b.putLong(32, 64);                    // e_phoff
        b.putLong(40, 0);                     // e_shoff
        b.putShort(52, (short) 64);           // e_ehsize
        b.putShort(54, (short) 56);           // e_phentsize
        b.putShort(56, (short) 2);            // e_phnum
        b.putShort(58, (short) 64);           // e_shentsize
        // PT_LOAD: the whole image, linked at 0.
        phdr(b, 64, PT_LOAD, PF_R | PF_X, 0, SIZE, 4096);
        phdr(b, 64 + 56, PT_DYNAMIC, PF_R, dynOff, 16 * dynCount, 8);
        // .hash: one bucket chaining every symbol.
        b.putInt(hashOff, 1);
        b.putInt(hashOff + 4, nsyms);
        b.putInt(hashOff + 8, nsyms > 1 ? 1 : 0);
        for (int i = 0; i < nsyms; i++) b.putInt(hashOff + 12 + 4 * i, i >= 1 && i + 1 < nsyms ? i + 1 : 0);
        // .dynsym (entry 0 is the undefined symbol).
        for (int i = 0; i < NAMES.length; i++) {
            int o = symOff + 24 * (i + 1);
            b.putInt(o, nameOff[i]);
            b.put(o + 4, (byte) (STB_GLOBAL << 4 | STT_FUNC));
            b.put(o + 5, (byte) 0);
            b.putShort(o + 6, (short) 1);     // a defined symbol (any section index but SHN_UNDEF/SHN_ABS)
            b.putLong(o + 8, textOff + (long) STUB * i);
            b.putLong(o + 16, 6);
        }
        b.put(strOff, strtab);
        // .gnu.version: index 2 (LINUX_2.6) for every defined symbol.
        for (int i = 1; i < nsyms; i++) b.putShort(versymOff + 2 * i, (short) 2);
        // .gnu.version_d: the base definition (the soname) and LINUX_2.6.
        verdef(b, verdefOff, VER_FLG_BASE, 1, elfHash(SONAME), sonameOff, 28);
        verdef(b, verdefOff + 28, 0, 2, elfHash(VERSION), versionOff, 0);
        // .dynamic
        long[][] dyn = {{DT_HASH, hashOff}, {DT_STRTAB, strOff}, {DT_SYMTAB, symOff}, {DT_STRSZ, strtab.length},
                {DT_SYMENT, 24}, {DT_SONAME, sonameOff}, {DT_VERSYM, versymOff}, {DT_VERDEF, verdefOff},
                {DT_VERDEFNUM, 2}, {DT_NULL, 0}};
        for (int i = 0; i < dyn.length; i++) {
            b.putLong(dynOff + 16 * i, dyn[i][0]);
            b.putLong(dynOff + 16 * i + 8, dyn[i][1]);
        }
        // The code: mov eax, NR; syscall; ret.
        for (int i = 0; i < NAMES.length; i++) {
            int o = textOff + STUB * i;
            b.put(o, (byte) 0xb8);
            b.putInt(o + 1, NUMBERS[i]);
            b.put(o + 5, (byte) 0x0f);
            b.put(o + 6, (byte) 0x05);
            b.put(o + 7, (byte) 0xc3);
        }
        return b.array();
    }

    private static void phdr(ByteBuffer b, int o, int type, int flags, long off, long size, long align) {
        b.putInt(o, type);
        b.putInt(o + 4, flags);
        b.putLong(o + 8, off);       // p_offset
        b.putLong(o + 16, off);      // p_vaddr
        b.putLong(o + 24, off);      // p_paddr
        b.putLong(o + 32, size);     // p_filesz
        b.putLong(o + 40, size);     // p_memsz
        b.putLong(o + 48, align);
    }

    /** Elf64_Verdef followed by its one Elf64_Verdaux. */
    private static void verdef(ByteBuffer b, int o, int flags, int ndx, long hash, int nameOff, int next) {
        b.putShort(o, (short) 1);            // vd_version
        b.putShort(o + 2, (short) flags);
        b.putShort(o + 4, (short) ndx);
        b.putShort(o + 6, (short) 1);        // vd_cnt
        b.putInt(o + 8, (int) hash);
        b.putInt(o + 12, 20);                // vd_aux
        b.putInt(o + 16, next);              // vd_next
        b.putInt(o + 20, nameOff);           // vda_name
        b.putInt(o + 24, 0);                 // vda_next
    }

    private static int align(int x, int a) { return (x + a - 1) & -a; }
}
