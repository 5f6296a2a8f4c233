package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;

import java.lang.invoke.VarHandle;

/** SYSCALL, CPUID, RDTSC, RDTSCP, the fences and PAUSE. */
final class SystemOps {
    private SystemOps() {}

    private static final long ORIGIN = System.nanoTime();

    /** SYSCALL as the hardware does it: RCX = return address, R11 = RFLAGS; the kernel sets RAX and resumes at RIP. */
    static int syscall(Core c, Insn i) {
        c.regs[Cpu.RCX] = i.next;
        c.regs[Cpu.R11] = c.rflags();
        return Trap.SYSCALL;
    }

    static void cpuid(Core c, Insn i) {
        int[] r = CpuFeatures.cpuid((int) c.regs[Cpu.RAX], (int) c.regs[Cpu.RCX]);
        c.regs[Cpu.RAX] = r[0] & 0xFFFFFFFFL;
        c.regs[Cpu.RBX] = r[1] & 0xFFFFFFFFL;
        c.regs[Cpu.RCX] = r[2] & 0xFFFFFFFFL;
        c.regs[Cpu.RDX] = r[3] & 0xFFFFFFFFL;
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
