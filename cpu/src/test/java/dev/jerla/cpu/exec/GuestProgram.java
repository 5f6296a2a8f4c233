package dev.jerla.cpu.exec;

import dev.jerla.abi.linux.Auxv;
import dev.jerla.abi.linux.Elf;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Mman;
import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only stand-in for the kernel: loads a static x86-64 ELF (PT_LOAD segments), builds the
 * initial stack as Linux's fs/binfmt_elf.c create_elf_tables does (argc, argv, envp, auxv with
 * AT_PHDR, AT_PHNUM, AT_ENTRY, AT_PAGESZ, AT_RANDOM, ...), runs the CPU and serves the handful
 * of system calls a static libc needs to start, print and exit.
 */
final class GuestProgram {
    // System call numbers, arch/x86/entry/syscalls/syscall_64.tbl.
    static final int NR_READ = 0, NR_WRITE = 1, NR_CLOSE = 3, NR_FSTAT = 5, NR_MMAP = 9, NR_MPROTECT = 10,
            NR_MUNMAP = 11, NR_BRK = 12, NR_RT_SIGACTION = 13, NR_RT_SIGPROCMASK = 14, NR_IOCTL = 16,
            NR_WRITEV = 20, NR_MADVISE = 28, NR_GETPID = 39, NR_EXIT = 60, NR_UNAME = 63, NR_ARCH_PRCTL = 158,
            NR_GETTID = 186, NR_SET_TID_ADDRESS = 218, NR_CLOCK_GETTIME = 228, NR_EXIT_GROUP = 231,
            NR_NEWFSTATAT = 262, NR_SET_ROBUST_LIST = 273, NR_PRLIMIT64 = 302, NR_GETRANDOM = 318, NR_RSEQ = 334;
    static final int ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003;

    static final long STACK_TOP = 0x7FFF_FFFF_F000L;
    static final long STACK_SIZE = 1 << 20;
    static final long MMAP_BASE = 0x7F00_0000_0000L;
    static final int RW = AddressSpace.PROT_READ | AddressSpace.PROT_WRITE;

    final AddressSpace as = new AddressSpace();
    final Cpu cpu = new Cpu(new Mmu(as));
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final List<String> unknownSyscalls = new ArrayList<>();
    long brkStart, brk;
    long mmapNext = MMAP_BASE;
    int exitCode = -1;
    long syscalls;

    GuestProgram(Path elf, String... argv) throws Exception {
        byte[] file = Files.readAllBytes(elf);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(0x10);
        long bias = type == Elf.ET_DYN ? 0x5555_5555_4000L : 0;
        long entry = b.getLong(0x18) + bias;
        long phoff = b.getLong(0x20);
        int phentsize = b.getShort(0x36) & 0xFFFF, phnum = b.getShort(0x38) & 0xFFFF;
        long phdr = 0, end = 0;
        // Map every segment writable, fill them, then apply their protections.
        for (int pass = 0; pass < 3; pass++) {
            for (int k = 0; k < phnum; k++) {
                int p = (int) (phoff + (long) k * phentsize);
                int ptype = b.getInt(p), flags = b.getInt(p + 4);
                long off = b.getLong(p + 8), va = b.getLong(p + 16) + bias, filesz = b.getLong(p + 32), memsz = b.getLong(p + 40);
                if (ptype == Elf.PT_PHDR) phdr = va;
                if (ptype != Elf.PT_LOAD) continue;
                long start = va & ~0xFFFL, stop = (va + memsz + 0xFFF) & ~0xFFFL;
                switch (pass) {
                    case 0 -> as.mapAnonymous(start, stop - start, RW);
                    case 1 -> {
                        as.copyOut(va, file, (int) off, (int) filesz);
                        if (phdr == 0 && off <= phoff && phoff < off + filesz) phdr = va + (phoff - off);
                        end = Math.max(end, stop);
                    }
                    default -> {
                        int prot = ((flags & Elf.PF_R) != 0 ? AddressSpace.PROT_READ : 0)
                                | ((flags & Elf.PF_W) != 0 ? AddressSpace.PROT_WRITE : 0)
                                | ((flags & Elf.PF_X) != 0 ? AddressSpace.PROT_EXEC : 0);
                        as.protect(start, stop - start, prot);
                    }
                }
            }
        }
        brkStart = brk = end;

        as.mapAnonymous(STACK_TOP - STACK_SIZE, STACK_SIZE, RW);
        long sp = STACK_TOP;
        List<Long> argvPtrs = new ArrayList<>();
        for (String a : argv) {
            sp = pushString(sp, a);
            argvPtrs.add(sp);
        }
        long execfn = argvPtrs.getFirst();
        String[] envp = {"LANG=C", "HOME=/"};
        List<Long> envPtrs = new ArrayList<>();
        for (String e : envp) {
            sp = pushString(sp, e);
            envPtrs.add(sp);
        }
        sp = pushString(sp, "x86_64");
        long platform = sp;
        sp -= 16;
        long random = sp;
        as.copyOut(random, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 0, 16);
        long[] auxv = {
                Auxv.AT_PHDR, phdr, Auxv.AT_PHENT, phentsize, Auxv.AT_PHNUM, phnum, Auxv.AT_PAGESZ, 4096,
                Auxv.AT_BASE, 0, Auxv.AT_FLAGS, 0, Auxv.AT_ENTRY, entry, Auxv.AT_UID, 0, Auxv.AT_EUID, 0,
                Auxv.AT_GID, 0, Auxv.AT_EGID, 0, Auxv.AT_SECURE, 0, Auxv.AT_HWCAP, CpuFeatures.LEAF1_EDX & 0xFFFFFFFFL,
                Auxv.AT_HWCAP2, 0, Auxv.AT_CLKTCK, 100, Auxv.AT_PLATFORM, platform, Auxv.AT_RANDOM, random,
                Auxv.AT_EXECFN, execfn, Auxv.AT_NULL, 0};
        int words = 1 + argvPtrs.size() + 1 + envPtrs.size() + 1 + auxv.length;
        sp = (sp - words * 8L) & ~15L;
        long at = sp;
        at = putLong(at, argvPtrs.size());
        for (long p : argvPtrs) at = putLong(at, p);
        at = putLong(at, 0);
        for (long p : envPtrs) at = putLong(at, p);
        at = putLong(at, 0);
        for (long v : auxv) at = putLong(at, v);
        cpu.setReg(Cpu.RSP, sp);
        cpu.setRip(entry);
    }

    private long pushString(long sp, String s) {
        byte[] bytes = (s + "\0").getBytes(StandardCharsets.UTF_8);
        sp -= bytes.length;
        as.copyOut(sp, bytes, 0, bytes.length);
        return sp;
    }

    private long putLong(long at, long v) {
        as.writeLong(at, v);
        return at + 8;
    }

    /** Runs until exit_group; fails on any trap other than SYSCALL. */
    GuestProgram run() {
        while (exitCode < 0) {
            int t = cpu.run();
            if (t != Trap.SYSCALL) {
                throw new AssertionError("trap " + Trap.name(t) + " at " + cpu.describeInstructionAt(cpu.rip())
                        + (t == Trap.PAGE_FAULT ? String.format(" address %#x access %d", cpu.faultAddress(), cpu.faultAccess()) : "")
                        + "\noutput so far:\n" + stdout.toString(StandardCharsets.UTF_8));
            }
            syscalls++;
            cpu.setReg(Cpu.RAX, syscall());
        }
        return this;
    }

    String output() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static long err(Errno e) {
        return -e.number();
    }

    private long syscall() {
        long nr = cpu.reg(Cpu.RAX);
        long a0 = cpu.reg(Cpu.RDI), a1 = cpu.reg(Cpu.RSI), a2 = cpu.reg(Cpu.RDX), a3 = cpu.reg(Cpu.R10);
        switch ((int) nr) {
            case NR_WRITE: {
                if (a0 != 1 && a0 != 2) return err(Errno.EBADF);
                byte[] buf = new byte[(int) a2];
                as.copyIn(a1, buf, 0, buf.length);
                if (a0 == 1) stdout.write(buf, 0, buf.length);
                return a2;
            }
            case NR_WRITEV: {
                if (a0 != 1 && a0 != 2) return err(Errno.EBADF);
                long total = 0;
                for (int k = 0; k < a2; k++) {
                    long base = as.readLong(a1 + 16L * k), len = as.readLong(a1 + 16L * k + 8);
                    byte[] buf = new byte[(int) len];
                    as.copyIn(base, buf, 0, buf.length);
                    if (a0 == 1) stdout.write(buf, 0, buf.length);
                    total += len;
                }
                return total;
            }
            case NR_READ:
                return 0;
            case NR_EXIT:
            case NR_EXIT_GROUP:
                exitCode = (int) (a0 & 0xFF);
                return 0;
            case NR_ARCH_PRCTL:
                if (a0 == ARCH_SET_FS) {
                    cpu.setFsBase(a1);
                    return 0;
                }
                if (a0 == ARCH_GET_FS) {
                    as.writeLong(a1, cpu.fsBase());
                    return 0;
                }
                return err(Errno.EINVAL);
            case NR_SET_TID_ADDRESS:
            case NR_GETPID:
            case NR_GETTID:
                return 1;
            case NR_IOCTL:
                return err(Errno.ENOTTY);
            case NR_FSTAT:
            case NR_NEWFSTATAT: {
                // stdout is a pipe: struct stat with st_mode S_IFIFO|0600 and st_blksize 4096.
                long statbuf = nr == NR_FSTAT ? a1 : a2;
                as.copyOut(statbuf, new byte[144], 0, 144);
                as.writeInt(statbuf + 24, 0010600);
                as.writeLong(statbuf + 56, 4096);
                return 0;
            }
            case NR_BRK: {
                if (a0 > brk) {
                    long newEnd = (a0 + 0xFFF) & ~0xFFFL, oldEnd = (brk + 0xFFF) & ~0xFFFL;
                    if (newEnd > oldEnd) as.mapAnonymous(oldEnd, newEnd - oldEnd, RW);
                    brk = a0;
                } else if (a0 >= brkStart) {
                    brk = a0;
                }
                return brk;
            }
            case NR_MMAP: {
                if ((a3 & Mman.MAP_ANONYMOUS) == 0) return err(Errno.ENODEV);
                long len = (a1 + 0xFFF) & ~0xFFFL;
                long va;
                if ((a3 & Mman.MAP_FIXED) != 0) {
                    va = a0;
                } else {
                    va = mmapNext;
                    mmapNext += len + 0x1000;
                }
                as.mapAnonymous(va, len, (int) a2 & 7);
                return va;
            }
            case NR_MUNMAP:
                as.unmap(a0, (a1 + 0xFFF) & ~0xFFFL);
                return 0;
            case NR_MPROTECT:
                as.protect(a0, (a1 + 0xFFF) & ~0xFFFL, (int) a2 & 7);
                return 0;
            case NR_MADVISE:
            case NR_RT_SIGACTION:
            case NR_RT_SIGPROCMASK:
            case NR_SET_ROBUST_LIST:
            case NR_CLOSE:
                return 0;
            case NR_GETRANDOM: {
                byte[] r = new byte[(int) a1];
                for (int k = 0; k < r.length; k++) r[k] = (byte) (k * 37 + 11);
                as.copyOut(a0, r, 0, r.length);
                return a1;
            }
            case NR_CLOCK_GETTIME: {
                long now = System.nanoTime();
                as.writeLong(a1, now / 1_000_000_000L);
                as.writeLong(a1 + 8, now % 1_000_000_000L);
                return 0;
            }
            default:
                unknownSyscalls.add(Long.toString(nr));
                return err(Errno.ENOSYS);
        }
    }
}
