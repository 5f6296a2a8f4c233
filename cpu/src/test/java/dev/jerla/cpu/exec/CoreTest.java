package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU's contract with the kernel beyond single instructions: SYSCALL, interrupts at block
 * boundaries and inside long REP strings, decoded code following memory changes, LOCK
 * atomicity between CPUs, fork-style state copies, CPUID and diagnostics.
 */
class CoreTest {
    static final long CODE = 0x400000L, DATA = 0x600000L;
    static final int RW = AddressSpace.PROT_READ | AddressSpace.PROT_WRITE;
    static final int RX = AddressSpace.PROT_READ | AddressSpace.PROT_EXEC;

    /** An address space with {@code code} at CODE (read/execute) and 64 KiB of data at DATA. */
    static AddressSpace space(byte[] code) {
        AddressSpace as = new AddressSpace();
        long len = (code.length + 0xFFF) & ~0xFFFL;
        as.mapAnonymous(CODE, len, RW);
        as.copyOut(CODE, code, 0, code.length);
        as.protect(CODE, len, RX);
        as.mapAnonymous(DATA, 0x10000, RW);
        return as;
    }

    static Cpu cpu(AddressSpace as) {
        Cpu cpu = new Cpu(new Mmu(as));
        cpu.setRip(CODE);
        cpu.setReg(Cpu.RSP, DATA + 0x10000);
        return cpu;
    }

    @Test
    void syscallSavesReturnAddressAndFlagsAndResumes() throws Exception {
        // 0: stc; mov $60, %eax; syscall; mov %rax, %rbx; int3
        Cpu cpu = cpu(space(Asm.assemble("stc; mov $60, %eax; syscall; mov %rax, %rbx; int3")));
        assertEquals(Trap.SYSCALL, cpu.run());
        long after = CODE + 1 + 5 + 2;
        assertEquals(after, cpu.rip());
        assertEquals(after, cpu.reg(Cpu.RCX));
        assertEquals(cpu.rflags(), cpu.reg(Cpu.R11));
        assertEquals(0x203, cpu.reg(Cpu.R11) & 0xFFF, "CF, the fixed bit 1 and IF");
        cpu.setReg(Cpu.RAX, 1234);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(1234, cpu.reg(Cpu.RBX));
    }

    @Test
    void interruptStopsATightLoop() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("1: inc %rax; jmp 1b")));
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cpu.requestInterrupt();
        });
        assertEquals(Trap.INTERRUPT, cpu.run());
        t.join();
        assertTrue(cpu.reg(Cpu.RAX) > 1000, "the loop ran");
        assertTrue(cpu.rip() == CODE || cpu.rip() == CODE + 3, "stopped at an instruction boundary: " + Long.toHexString(cpu.rip()));
        cpu.clearInterrupt();
    }

    @Test
    void interruptRequestedBeforeRunStopsBeforeTheFirstInstruction() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("inc %eax; int3")));
        cpu.requestInterrupt();
        assertEquals(Trap.INTERRUPT, cpu.run());
        assertEquals(CODE, cpu.rip());
        assertEquals(0, cpu.reg(Cpu.RAX));
        cpu.clearInterrupt();
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(1, cpu.reg(Cpu.RAX));
    }

    @Test
    void interruptedRepMovsResumesWhereItStopped() throws Exception {
        // A byte-by-byte overlapping copy (destination one byte ahead: a fill) of 32 MiB takes
        // long enough to be interrupted inside; resuming at RIP completes it.
        int n = 32 << 20;
        AddressSpace as = space(Asm.assemble("rep movsb; int3"));
        long buf = 0x10000000L;
        as.mapAnonymous(buf, n + 0x1000, RW);
        as.copyOut(buf, new byte[] {0x5A}, 0, 1);
        Cpu cpu = cpu(as);
        cpu.setReg(Cpu.RSI, buf);
        cpu.setReg(Cpu.RDI, buf + 1);
        cpu.setReg(Cpu.RCX, n);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cpu.requestInterrupt();
        });
        int trap = cpu.run();
        t.join();
        long left = cpu.reg(Cpu.RCX);
        assertEquals(Trap.INTERRUPT, trap);
        assertTrue(left > 0 && left < n, "stopped inside the string, " + left + " left");
        assertEquals(CODE, cpu.rip(), "RIP stays at the REP instruction");
        assertEquals(buf + (n - left), cpu.reg(Cpu.RSI));
        assertEquals(buf + 1 + (n - left), cpu.reg(Cpu.RDI));
        cpu.clearInterrupt();
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(0, cpu.reg(Cpu.RCX));
        byte[] probe = new byte[1];
        for (long off : new long[] {1, n / 2, n - 1, n}) {
            as.copyIn(buf + off, probe, 0, 1);
            assertEquals(0x5A, probe[0], "byte " + off);
        }
    }

    /** Regression: decoded code must follow rewritten code on a writable page (a JIT, or a reused buffer). */
    @Test
    void rewrittenCodeOnWritablePageIsRedecoded() throws Exception {
        byte[] v1 = Asm.assemble("mov $1, %eax; int3");
        byte[] v2 = Asm.assemble("mov $2, %eax; int3");
        AddressSpace as = space(new byte[0]);
        long page = DATA + 0x4000;
        as.protect(page, 0x1000, RW | AddressSpace.PROT_EXEC);
        as.copyOut(page, v1, 0, v1.length);
        Cpu cpu = cpu(as);
        cpu.setRip(page);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(1, cpu.reg(Cpu.RAX));
        as.copyOut(page, v2, 0, v2.length);
        cpu.setRip(page);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(2, cpu.reg(Cpu.RAX));
    }

    @Test
    void codeReplacedThroughMprotectAndRemapIsRedecoded() throws Exception {
        byte[] v1 = Asm.assemble("mov $1, %eax; int3");
        byte[] v2 = Asm.assemble("mov $2, %eax; int3");
        AddressSpace as = space(v1);
        Cpu cpu = cpu(as);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(1, cpu.reg(Cpu.RAX));
        as.protect(CODE, 0x1000, RW);
        as.copyOut(CODE, v2, 0, v2.length);
        as.protect(CODE, 0x1000, RX);
        cpu.setRip(CODE);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(2, cpu.reg(Cpu.RAX));
        as.unmap(CODE, 0x1000);
        cpu.setRip(CODE);
        assertEquals(Trap.PAGE_FAULT, cpu.run());
        assertEquals(CODE, cpu.faultAddress());
        assertEquals(AddressSpace.ACCESS_EXEC, cpu.faultAccess());
        as.mapAnonymous(CODE, 0x1000, RW);
        as.copyOut(CODE, v1, 0, v1.length);
        as.protect(CODE, 0x1000, RX);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(1, cpu.reg(Cpu.RAX));
    }

    @Test
    void executingANonExecutablePageFaultsWithExecAccess() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("jmp *%rax")));
        cpu.setReg(Cpu.RAX, DATA + 0x100);
        assertEquals(Trap.PAGE_FAULT, cpu.run());
        assertEquals(DATA + 0x100, cpu.rip());
        assertEquals(DATA + 0x100, cpu.faultAddress());
        assertEquals(AddressSpace.ACCESS_EXEC, cpu.faultAccess());
        assertTrue(cpu.faultProtection());
    }

    @Test
    void lockedIncrementsFromTwoCpusAreAtomic() throws Exception {
        byte[] code = Asm.assemble("1: lock incq (%rbx); lock addl $3, 8(%rbx); mov $1, %eax; lock xadd %eax, 16(%rbx); dec %ecx; jnz 1b; int3");
        AddressSpace as = space(code);
        int n = 200_000;
        Thread[] threads = new Thread[2];
        int[] traps = new int[2];
        for (int k = 0; k < 2; k++) {
            int id = k;
            Cpu cpu = cpu(as);
            cpu.setReg(Cpu.RBX, DATA);
            cpu.setReg(Cpu.RCX, n);
            cpu.setReg(Cpu.RDX, 3);
            threads[k] = Thread.ofPlatform().start(() -> traps[id] = cpu.run());
        }
        for (Thread t : threads) t.join();
        assertEquals(Trap.BREAKPOINT, traps[0]);
        assertEquals(Trap.BREAKPOINT, traps[1]);
        assertEquals(2L * n, as.readLong(DATA));
        assertEquals(6L * n, as.readInt(DATA + 8) & 0xFFFFFFFFL);
        assertEquals(2L * n, as.readInt(DATA + 16));
    }

    @Test
    void copyStateFromCopiesRegistersFlagsAndSegments() throws Exception {
        AddressSpace as = space(Asm.assemble("cmp %rcx, %rax; int3"));
        Cpu a = cpu(as);
        a.setReg(Cpu.RAX, 1);
        a.setReg(Cpu.RCX, 2);
        a.setFsBase(0x1234);
        a.setGsBase(0x5678);
        a.fp.mxcsr = 0x1F00;
        assertEquals(Trap.BREAKPOINT, a.run());
        Cpu b = new Cpu(new Mmu(as.fork()));
        b.copyStateFrom(a);
        for (int r = 0; r < 16; r++) assertEquals(a.reg(r), b.reg(r));
        assertEquals(a.rip(), b.rip());
        assertEquals(a.rflags(), b.rflags());
        assertTrue((b.rflags() & Cpu.CF) != 0, "1 - 2 borrows");
        assertEquals(0x1234, b.fsBase());
        assertEquals(0x5678, b.gsBase());
        assertEquals(0x1F00, b.fp.mxcsr);
    }

    @Test
    void setRflagsKeepsFixedBitsAndDropsPrivilegedOnes() {
        Cpu cpu = cpu(space(new byte[0]));
        cpu.setRflags(-1L);
        assertEquals(0, cpu.rflags() & 0x3000, "IOPL stays 0");
        assertEquals(Cpu.IF | 2, cpu.rflags() & (Cpu.IF | 2));
        assertEquals(0xCD5 | Cpu.TF | Cpu.AC | Cpu.ID, cpu.rflags() & (0xCD5 | Cpu.TF | Cpu.AC | Cpu.ID));
        cpu.setRflags(0);
        assertEquals(Cpu.IF | 2, cpu.rflags());
        cpu.setStatusFlags(Cpu.ZF | Cpu.TF);
        assertEquals(Cpu.IF | 2 | Cpu.ZF, cpu.rflags());
    }

    @Test
    void cpuidAnnouncesGenuineIntelAndTheOfferedFeatures() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("""
                xor %eax, %eax; cpuid; mov %ebx, (%rdi); mov %edx, 4(%rdi); mov %ecx, 8(%rdi)
                mov $1, %eax; cpuid; mov %edx, %r8d; mov %ecx, %r9d
                mov $0x80000001, %eax; cpuid; mov %edx, %r10d; mov %ecx, %r11d
                int3""")));
        cpu.setReg(Cpu.RDI, DATA);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        byte[] vendor = new byte[12];
        cpu.mmu().addressSpace().copyIn(DATA, vendor, 0, 12);
        assertEquals("GenuineIntel", new String(vendor, StandardCharsets.US_ASCII));
        assertEquals(CpuFeatures.LEAF1_EDX & 0xFFFFFFFFL, cpu.reg(Cpu.R8));
        assertTrue((cpu.reg(Cpu.R8) & (1 << 23)) != 0, "MMX: part of the x86-64 baseline glibc checks");
        assertEquals(CpuFeatures.LEAF1_ECX & 0xFFFFFFFFL, cpu.reg(Cpu.R9));
        assertEquals(1 << 27 | 1 << 28, cpu.reg(Cpu.R9) & (1 << 27 | 1 << 28), "OSXSAVE and AVX at the highest level");
        assertEquals(CpuFeatures.EXT1_EDX & 0xFFFFFFFFL, cpu.reg(Cpu.R10));
        assertEquals(CpuFeatures.EXT1_ECX & 0xFFFFFFFFL, cpu.reg(Cpu.R11));
    }

    /** x86-64-v2 hides AVX, AVX2, BMI and XSAVE from CPUID, and their instructions raise #UD. */
    @Test
    void levelV2HidesAndRefusesTheV3Instructions() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("""
                mov $1, %eax; cpuid; mov %ecx, %r8d
                mov $7, %eax; xor %ecx, %ecx; cpuid; mov %ebx, %r9d
                int3
                vpxor %ymm0, %ymm0, %ymm0
                int3
                andn %rax, %rbx, %rcx
                int3
                xor %ecx, %ecx; xgetbv
                int3""")));
        cpu.setFeatures(CpuFeatures.forLevel("x86-64-v2"));
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(0, cpu.reg(Cpu.R8) & (CpuFeatures.AVX | CpuFeatures.OSXSAVE | CpuFeatures.FMA | CpuFeatures.XSAVE));
        assertEquals(0, cpu.reg(Cpu.R9) & (CpuFeatures.AVX2 | CpuFeatures.BMI1 | CpuFeatures.BMI2));
        for (int k = 0; k < 3; k++) {
            assertEquals(Trap.INVALID_OPCODE, cpu.run());
            cpu.setRip(cpu.rip() + 1);
            while (cpu.run() != Trap.BREAKPOINT) cpu.setRip(cpu.rip() + 1);
        }
        assertEquals("x86-64-v3", CpuFeatures.forLevel(null).level());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuFeatures.forLevel("x86-64-v4"));
        assertTrue(e.getMessage().contains("x86-64-v2, x86-64-v3"), e.getMessage());
    }

    /** x86-64-v3: XGETBV reports x87, SSE and AVX enabled, as glibc requires before it uses AVX. */
    @Test
    void xgetbvReportsTheAvxState() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("xor %ecx, %ecx; xgetbv; int3")));
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(7, cpu.reg(Cpu.RAX));
        assertEquals(0, cpu.reg(Cpu.RDX));
    }

    @Test
    void rdrandAndRdseedSetCarry() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("xor %eax, %eax; rdrand %rax; setc %bl; rdseed %ecx; setc %dl; int3")));
        cpu.setReg(Cpu.RCX, -1);
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertEquals(1, cpu.reg(Cpu.RBX) & 0xFF);
        assertEquals(1, cpu.reg(Cpu.RDX) & 0xFF);
        assertEquals(0, cpu.reg(Cpu.RCX) >>> 32, "a 32-bit destination is zero-extended");
    }

    @Test
    void rdtscIsMonotonic() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("rdtsc; shl $32, %rdx; or %rax, %rdx; mov %rdx, %r8; rdtscp; shl $32, %rdx; or %rdx, %rax; int3")));
        assertEquals(Trap.BREAKPOINT, cpu.run());
        assertTrue(Long.compareUnsigned(cpu.reg(Cpu.RAX), cpu.reg(Cpu.R8)) >= 0);
        assertEquals(0, cpu.reg(Cpu.RCX), "TSC_AUX");
    }

    @Test
    void describeInstructionShowsTheBytes() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("ud2; nop")));
        assertEquals(Trap.INVALID_OPCODE, cpu.run());
        assertEquals(CODE, cpu.rip());
        assertTrue(cpu.describeInstructionAt(CODE).startsWith("0x400000: 0f 0b 90"), cpu.describeInstructionAt(CODE));
        assertEquals("0x500000: (not executable)", cpu.describeInstructionAt(0x500000));
    }

    @Test
    void singleStepTrapsAfterEachInstruction() throws Exception {
        Cpu cpu = cpu(space(Asm.assemble("inc %eax; inc %eax; jmp 1f; nop; 1: int3")));
        cpu.setRflags(Cpu.TF);
        assertEquals(Trap.SINGLE_STEP, cpu.run());
        assertEquals(CODE + 2, cpu.rip());
        assertEquals(Trap.SINGLE_STEP, cpu.run());
        assertEquals(Trap.SINGLE_STEP, cpu.run());
        assertEquals(CODE + 7, cpu.rip(), "the jump was taken");
        assertEquals(2, cpu.reg(Cpu.RAX));
    }

    @Test
    void divu128MatchesBigInteger() {
        Random r = new Random(11);
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (int k = 0; k < 100_000; k++) {
            long d = r.nextInt(4) == 0 ? r.nextLong() >>> r.nextInt(64) : r.nextLong();
            if (d == 0) d = 1;
            long hi = Long.remainderUnsigned(r.nextLong() >>> r.nextInt(64), d);
            long lo = r.nextLong();
            BigInteger n = new BigInteger(Long.toUnsignedString(hi)).multiply(two64).add(new BigInteger(Long.toUnsignedString(lo)));
            BigInteger[] qr = n.divideAndRemainder(new BigInteger(Long.toUnsignedString(d)));
            long[] got = MulDiv.divu128(hi, lo, d);
            assertEquals(qr[0].longValue(), got[0], "quotient");
            assertEquals(qr[1].longValue(), got[1], "remainder");
        }
    }
}
