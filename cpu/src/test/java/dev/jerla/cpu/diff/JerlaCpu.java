package dev.jerla.cpu.diff;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;

/**
 * Jerla's CPU under test: the same address map as the native helper (code, data and stack pages
 * at the same addresses), each case run through {@link Cpu#run()} until the INT3 after its code
 * or a fault, then the trap translated to the signal Linux would deliver.
 */
public final class JerlaCpu {
    private final AddressSpace as = new AddressSpace();
    private final Mmu mmu = new Mmu(as);
    private final Cpu cpu = new Cpu(mmu);

    public JerlaCpu() {
        int rw = AddressSpace.PROT_READ | AddressSpace.PROT_WRITE;
        as.mapAnonymous(DiffRunner.STACK_VA, 4096, rw);
    }

    public DiffResult run(DiffCase c) {
        int rw = AddressSpace.PROT_READ | AddressSpace.PROT_WRITE;
        // Fresh code and data pages each time: decoded code of the previous case is dropped.
        as.mapAnonymous(DiffRunner.CODE_VA, 4096, rw | AddressSpace.PROT_EXEC);
        as.mapAnonymous(DiffRunner.DATA_VA, 4096, rw);
        mmu.flush();
        byte[] code = c.code();
        for (int i = 0; i < 4096; i++) mmu.write8(DiffRunner.CODE_VA + i, i < code.length ? code[i] : 0xCC);
        for (int i = 0; i < 64; i++) mmu.write8(c.memAddress() + i, c.in().mem[i]);
        MachineState in = c.in();
        for (int i = 0; i < 16; i++) cpu.setReg(i, in.gpr[i]);
        cpu.setRflags((in.rflags & 0x4D5) | 2);
        if (!cpu.fp.fxrstor(in.fx, 0)) throw new IllegalArgumentException("invalid MXCSR in " + c);
        for (int i = 0; i < 16; i++) {
            cpu.fp.ymm[4 * i + 2] = in.ymmHi(i, 0);
            cpu.fp.ymm[4 * i + 3] = in.ymmHi(i, 1);
        }
        cpu.setRip(DiffRunner.CODE_VA);
        int trap = cpu.run();

        MachineState out = new MachineState();
        for (int i = 0; i < 16; i++) out.gpr[i] = cpu.reg(i);
        out.rflags = cpu.rflags();
        cpu.fp.fxsave(out.fx, 0);
        for (int i = 0; i < 16; i++) out.setYmmHi(i, cpu.fp.ymm[4 * i + 2], cpu.fp.ymm[4 * i + 3]);
        for (int i = 0; i < 64; i++) out.mem[i] = (byte) mmu.read8(c.memAddress() + i);
        return switch (trap) {
            case Trap.BREAKPOINT -> new DiffResult(DiffResult.SIGTRAP, DiffResult.SI_KERNEL, 0, cpu.rip(), out);
            case Trap.INVALID_OPCODE -> new DiffResult(DiffResult.SIGILL, 0, 0, cpu.rip(), out);
            case Trap.GENERAL_PROTECTION -> new DiffResult(DiffResult.SIGSEGV, DiffResult.SI_KERNEL, 0, cpu.rip(), out);
            case Trap.PAGE_FAULT -> new DiffResult(DiffResult.SIGSEGV,
                    cpu.faultProtection() ? DiffResult.SEGV_ACCERR : DiffResult.SEGV_MAPERR, cpu.faultAddress(), cpu.rip(), out);
            case Trap.FP_EXCEPTION, Trap.DIVIDE_ERROR -> new DiffResult(DiffResult.SIGFPE, 0, 0, cpu.rip(), out);
            default -> new DiffResult(-trap, 0, 0, cpu.rip(), out);
        };
    }
}
