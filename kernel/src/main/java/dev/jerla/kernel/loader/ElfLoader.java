package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Elf;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Mman;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.mm.MemoryManager.MappedFile;

import java.util.Arrays;

/**
 * ELF64 programs (fs/binfmt_elf.c): static (ET_EXEC), static-PIE and PIE (ET_DYN, loaded at
 * ELF_ET_DYN_BASE), and dynamic programs whose PT_INTERP interpreter is loaded top-down in the
 * mmap area. Everything is read and checked before the point of no return ({@link #prepare}),
 * so a bad file fails execve with ENOEXEC and leaves the caller intact; {@link #load} then maps
 * the segments, zeroes the bss and computes what the auxiliary vector needs.
 */
public final class ElfLoader {
    private ElfLoader() {}

    /** A file read completely and validated, ready to be mapped. */
    public record Image(ElfHeader header, byte[] bytes, int length, MappedFile file) {}

    /** Where a program and its interpreter landed. */
    public record Loaded(long entry, long programEntry, long phdr, int phnum, long interpBase, long brk, boolean execStack) {}

    /**
     * Validates an ELF image: a readable header and program headers, and PT_LOAD segments that
     * have p_filesz &lt;= p_memsz, matching page offsets, and fit in the address space. A segment
     * may reach past the end of the file, as Linux maps it all the same ({@link #mapSegments}).
     */
    public static Image prepare(byte[] bytes, int length, MappedFile file) throws ErrnoException {
        ElfHeader h = ElfHeader.parse(bytes, length);
        ErrnoException noexec = ErrnoException.of(Errno.ENOEXEC);
        boolean anyLoad = false;
        for (ElfHeader.Phdr p : h.phdrs()) {
            if (p.type() != Elf.PT_LOAD) continue;
            anyLoad = true;
            if (Long.compareUnsigned(p.filesz(), p.memsz()) > 0) throw noexec;
            if (p.offset() < 0 || p.filesz() < 0 || p.offset() + p.filesz() < 0) throw noexec;
            if (((p.offset() - p.vaddr()) & (MemoryManager.PAGE_SIZE - 1)) != 0) throw noexec;
            if (p.vaddr() < 0 || p.memsz() < 0 || p.vaddr() + p.memsz() > MemoryManager.TASK_SIZE) throw noexec;
        }
        if (!anyLoad) throw noexec;
        return new Image(h, bytes, length, file);
    }

    /** The PT_INTERP path of a program, or null. ENOEXEC if it is malformed. */
    public static byte[] interpreterPath(Image img) throws ErrnoException {
        for (ElfHeader.Phdr p : img.header().phdrs()) {
            if (p.type() != Elf.PT_INTERP) continue;
            if (p.filesz() > 4096 || p.filesz() < 2 || p.offset() < 0 || p.offset() + p.filesz() > img.length()) {
                throw ErrnoException.of(Errno.ENOEXEC);
            }
            int off = (int) p.offset(), len = (int) p.filesz();
            if (img.bytes()[off + len - 1] != 0) throw ErrnoException.of(Errno.ENOEXEC);
            int end = off;
            while (img.bytes()[end] != 0) end++;
            return Arrays.copyOfRange(img.bytes(), off, end);
        }
        return null;
    }

    /** PT_GNU_STACK with PF_X asks for an executable stack; without it the stack is not executable. */
    public static boolean wantsExecStack(Image img) {
        for (ElfHeader.Phdr p : img.header().phdrs()) {
            if (p.type() == Elf.PT_GNU_STACK) return (p.flags() & Elf.PF_X) != 0;
        }
        return false;
    }

    /** Maps a program and its (optional) interpreter into {@code mm}. After the point of no return. */
    public static Loaded load(MemoryManager mm, Image prog, Image interp) throws ErrnoException {
        ElfHeader h = prog.header();
        long bias = 0;
        if (h.type() == Elf.ET_DYN) {
            long align = maxAlignment(h);
            long base = MemoryManager.ELF_ET_DYN_BASE & ~(align - 1);
            bias = base - MemoryManager.pageDown(firstLoad(h).vaddr());
        }
        long brk = mapSegments(mm, prog, bias);
        long phdr = 0;
        for (ElfHeader.Phdr p : h.phdrs()) {
            if (p.type() == Elf.PT_LOAD && p.offset() <= h.phoff() && h.phoff() < p.offset() + p.filesz()) {
                phdr = h.phoff() - p.offset() + p.vaddr() + bias;
                break;
            }
        }
        long programEntry = h.entry() + bias;
        long entry = programEntry;
        long interpBase = 0;
        if (interp != null) {
            ElfHeader ih = interp.header();
            long lo = Long.MAX_VALUE, hi = 0;
            for (ElfHeader.Phdr p : ih.phdrs()) {
                if (p.type() != Elf.PT_LOAD) continue;
                lo = Math.min(lo, MemoryManager.pageDown(p.vaddr()));
                hi = Math.max(hi, MemoryManager.pageUp(p.vaddr() + p.memsz()));
            }
            long ibias = 0;
            if (ih.type() == Elf.ET_DYN) {
                long at = mm.mmap(0, hi - lo, Mman.PROT_NONE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                mm.munmap(at, hi - lo);
                ibias = at - lo;
            }
            mapSegments(mm, interp, ibias);
            interpBase = lo + ibias;
            entry = ih.entry() + ibias;
        }
        mm.setBrk(MemoryManager.pageUp(brk));
        return new Loaded(entry, programEntry, phdr, h.phnum(), interpBase, MemoryManager.pageUp(brk), wantsExecStack(prog));
    }

    private static ElfHeader.Phdr firstLoad(ElfHeader h) {
        for (ElfHeader.Phdr p : h.phdrs()) if (p.type() == Elf.PT_LOAD) return p;
        throw new IllegalStateException("validated image without PT_LOAD");
    }

    /** maximum_alignment: the largest power-of-two p_align of the PT_LOAD segments, at least a page. */
    private static long maxAlignment(ElfHeader h) {
        long align = MemoryManager.PAGE_SIZE;
        for (ElfHeader.Phdr p : h.phdrs()) {
            if (p.type() != Elf.PT_LOAD) continue;
            long a = p.align();
            if (a > align && Long.bitCount(a) == 1 && a <= (1L << 30)) align = a;
        }
        return align;
    }

    static int prot(int pflags) {
        int prot = 0;
        if ((pflags & Elf.PF_R) != 0) prot |= Mman.PROT_READ;
        if ((pflags & Elf.PF_W) != 0) prot |= Mman.PROT_WRITE;
        if ((pflags & Elf.PF_X) != 0) prot |= Mman.PROT_EXEC;
        return prot;
    }

    /**
     * Maps every PT_LOAD of {@code img} at {@code bias}: the file part with whole file pages (as
     * mmap of the file would show them), the partial page after p_filesz zeroed when a bss
     * follows (padzero), and the rest of the bss as anonymous pages. Returns the end of the
     * highest segment (elf_brk). Pages of a segment wholly beyond the end of a truncated file are
     * mapped from the file as elf_map does, so touching them is SIGBUS; a bss that starts in such a
     * page cannot be zeroed, which fails a writable segment with EFAULT (elf_load's padzero), fatal
     * (SIGSEGV) after the point of no return.
     */
    private static long mapSegments(MemoryManager mm, Image img, long bias) throws ErrnoException {
        long brk = 0;
        for (ElfHeader.Phdr p : img.header().phdrs()) {
            if (p.type() != Elf.PT_LOAD) continue;
            int prot = prot(p.flags());
            long vaddr = p.vaddr() + bias;
            long pageStart = MemoryManager.pageDown(vaddr);
            long fileEnd = vaddr + p.filesz();
            long memEnd = vaddr + p.memsz();
            long bssFrom;
            if (p.filesz() > 0) {
                long fileOff = MemoryManager.pageDown(p.offset());
                long mapLen = MemoryManager.pageUp(fileEnd) - pageStart;
                long inFile = Math.min(mapLen, Math.max(0, MemoryManager.pageUp(img.length()) - fileOff));
                long dataEnd = Math.min(p.memsz() > p.filesz() ? p.offset() + p.filesz() : fileOff + mapLen, img.length());
                byte[] data = Arrays.copyOfRange(img.bytes(), (int) fileOff, (int) Math.max(fileOff, dataEnd));
                if (inFile > 0) mm.mapWithData(pageStart, inFile, prot, data, img.file(), fileOff);
                if (inFile < mapLen) {
                    mm.mmap(pageStart + inFile, mapLen - inFile, prot, Mman.MAP_PRIVATE | Mman.MAP_FIXED, img.file(),
                            fileOff + inFile);
                    boolean padzero = p.memsz() > p.filesz() && (fileEnd & (MemoryManager.PAGE_SIZE - 1)) != 0;
                    if (padzero && (prot & Mman.PROT_WRITE) != 0) throw ErrnoException.of(Errno.EFAULT);
                }
                bssFrom = MemoryManager.pageUp(fileEnd);
            } else if (mm.find(pageStart) != null) {
                bssFrom = MemoryManager.pageUp(vaddr);
                zeroTail(mm, vaddr, Math.min(bssFrom, memEnd));
            } else {
                bssFrom = pageStart;
            }
            long bssEnd = MemoryManager.pageUp(memEnd);
            if (bssEnd > bssFrom) {
                mm.mmap(bssFrom, bssEnd - bssFrom, prot, Mman.MAP_FIXED | Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
            }
            brk = Math.max(brk, memEnd);
        }
        return brk;
    }

    /** Zeroes [from, to) of a page an earlier segment mapped (a bss that starts inside it). */
    private static void zeroTail(MemoryManager mm, long from, long to) {
        if (to <= from) return;
        try {
            mm.addressSpace().zero(from, to - from);
        } catch (dev.jerla.cpu.mem.GuestFault f) {
            // A read-only page shared with an earlier segment keeps its bytes, as clear_user fails there.
        }
    }
}
