package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;

import java.lang.invoke.VarHandle;

/** SYSCALL, CPUID, XGETBV, RDRAND, RDSEED, RDTSC, RDTSCP, the fences and PAUSE. */
final class SystemOps {
    private SystemOps() {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static final long ORIGIN = System.nanoTime();

    /** SYSCALL as the hardware does it: RCX = return address, R11 = RFLAGS; the kernel sets RAX and resumes at RIP. */
    static int syscall(Core c, Insn i) {
        c.regs[Cpu.RCX] = i.next;
        c.regs[Cpu.R11] = c.rflags();
        return Trap.SYSCALL;
    }

    static void cpuid(Core c, Insn i) {
        int[] r = c.cpu.features().query((int) c.regs[Cpu.RAX], (int) c.regs[Cpu.RCX]);
        c.regs[Cpu.RAX] = r[0] & 0xFFFFFFFFL;
        c.regs[Cpu.RBX] = r[1] & 0xFFFFFFFFL;
        c.regs[Cpu.RCX] = r[2] & 0xFFFFFFFFL;
        c.regs[Cpu.RDX] = r[3] & 0xFFFFFFFFL;
    }

    /** XGETBV: XCR0 (ECX 0) or XINUSE (ECX 1, reported as all enabled components); other registers #GP. */
    static int xgetbv(Core c, Insn i) {
        CpuFeatures f = c.cpu.features();
        if (!f.xsave) return Trap.INVALID_OPCODE;
        long ecx = c.regs[Cpu.RCX] & 0xFFFFFFFFL;
        if (ecx > 1) return Trap.GENERAL_PROTECTION;
        long v = f.xcr0();
        c.regs[Cpu.RAX] = v & 0xFFFFFFFFL;
        c.regs[Cpu.RDX] = v >>> 32;
        return 0;
    }

    /** RDRAND and RDSEED: a random value from the host's SecureRandom, CF = 1 (always ready), the other flags clear. */
    static void rdrand(Core c, Insn i) {
        c.set(i.reg, i.size, RANDOM.nextLong());
        c.setStatusFlags(Flags.CF);
    }

    /** A constant-rate, monotonic time-stamp counter: 3 ticks per nanosecond, like a 3 GHz part. */
    static long tsc() {
        return (System.nanoTime() - ORIGIN) * 3 + (1L << 32);
    }

    static void rdtsc(Core c, Insn i) {
        long t = tsc();
        c.regs[Cpu.RAX] = t & 0xFFFFFFFFL;
        c.regs[Cpu.RDX] = t >>> 32;
    }

    /** RDTSCP also returns IA32_TSC_AUX in ECX, which Linux sets to the CPU number: 0 here. */
    static void rdtscp(Core c, Insn i) {
        rdtsc(c, i);
        c.regs[Cpu.RCX] = 0;
    }

    static void fence(Core c, Insn i) {
        switch (i.sub) {
            case 5 -> VarHandle.loadLoadFence();
            case 6 -> VarHandle.fullFence();
            default -> VarHandle.storeStoreFence();
        }
    }

    static void pause(Core c, Insn i) {
        Thread.onSpinWait();
    }
}
