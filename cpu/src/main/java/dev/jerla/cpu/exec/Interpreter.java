package dev.jerla.cpu.exec;

import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.decode.Op;
import dev.jerla.cpu.fp.AvxUnit;
import dev.jerla.cpu.fp.SseUnit;
import dev.jerla.cpu.fp.X87Unit;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;

/**
 * Runs decoded instructions: one dense {@code switch} on {@link Insn#op} inside the loop over a
 * block, each case a call to the static method that defines the operation. Kept small so that
 * HotSpot compiles it (methods over 8000 bytecode bytes are never compiled).
 */
final class Interpreter {
    private Interpreter() {}

    /**
     * Runs block {@code first} and then the blocks it continues into, for as long as each next
     * block is linked and nothing needs the outer loop's attention (an interrupt request, a new
     * address-space generation, code that must be re-checked, single-stepping). With
     * {@code single}, runs only the first instruction of {@code first}. Returns 0 with RIP at
     * the next block to look up and {@link Core#last} the last block completed, or the trap that
     * stopped execution, with RIP (and the fault, for a page fault) set as {@link Trap}
     * describes; instructions before the trapping one have completed.
     */
    static int run(Core c, Block first, boolean single) {
        Block b = first;
        Insn[] code = b.insns;
        AddressSpace as = c.mmu.addressSpace();
        long generation = as.generation();
        int k = 0;
        try {
            while (true) {
                int n = single ? 1 : code.length;
                for (k = 0; k < n; k++) {
                    Insn i = code[k];
                    int t;
                    switch (i.op) {
                        case Op.NOP: continue;
                        case Op.MOV_RR: Moves.movRR(c, i); continue;
                        case Op.MOV_RM: Moves.movRM(c, i); continue;
                        case Op.MOV_MR: Moves.movMR(c, i); continue;
                        case Op.MOV_RI: Moves.movRI(c, i); continue;
                        case Op.MOV_MI: Moves.movMI(c, i); continue;
                        case Op.MOVZX_RR: Moves.movzxRR(c, i); continue;
                        case Op.MOVZX_RM: Moves.movzxRM(c, i); continue;
                        case Op.MOVSX_RR: Moves.movsxRR(c, i); continue;
                        case Op.MOVSX_RM: Moves.movsxRM(c, i); continue;
                        case Op.LEA: Moves.lea(c, i); continue;
                        case Op.XCHG_RR: Moves.xchgRR(c, i); continue;
                        case Op.XCHG_MR: Moves.xchgMR(c, i); continue;
                        case Op.BSWAP: Moves.bswap(c, i); continue;
                        case Op.MOVBE_RM: Moves.movbeRM(c, i); continue;
                        case Op.MOVBE_MR: Moves.movbeMR(c, i); continue;
                        case Op.CMOV_RR: Moves.cmovRR(c, i); continue;
                        case Op.CMOV_RM: Moves.cmovRM(c, i); continue;
                        case Op.SETCC_R: Moves.setccR(c, i); continue;
                        case Op.SETCC_M: Moves.setccM(c, i); continue;
                        case Op.XLAT: Moves.xlat(c, i); continue;
                        case Op.MOV_TO_SREG: t = Moves.movToSreg(c, i); break;
                        case Op.CBW: Moves.cbw(c, i); continue;
                        case Op.CWD: Moves.cwd(c, i); continue;

                        case Op.PUSH_R: Stack.pushR(c, i); continue;
                        case Op.PUSH_M: Stack.pushM(c, i); continue;
                        case Op.PUSH_I: Stack.pushI(c, i); continue;
                        case Op.POP_R: Stack.popR(c, i); continue;
                        case Op.POP_M: Stack.popM(c, i); continue;
                        case Op.PUSHF: Stack.pushf(c, i); continue;
                        case Op.POPF: Stack.popf(c, i); continue;
                        case Op.LAHF: Stack.lahf(c, i); continue;
                        case Op.SAHF: Stack.sahf(c, i); continue;
                        case Op.ENTER: Stack.enter(c, i); continue;
                        case Op.LEAVE: Stack.leave(c, i); continue;

                        case Op.ALU_RR + Alu.ADD: Alu.addRR(c, i); continue;
                        case Op.ALU_RR + Alu.OR: Alu.orRR(c, i); continue;
                        case Op.ALU_RR + Alu.ADC: Alu.adcRR(c, i); continue;
                        case Op.ALU_RR + Alu.SBB: Alu.sbbRR(c, i); continue;
                        case Op.ALU_RR + Alu.AND: Alu.andRR(c, i); continue;
                        case Op.ALU_RR + Alu.SUB: Alu.subRR(c, i); continue;
                        case Op.ALU_RR + Alu.XOR: Alu.xorRR(c, i); continue;
                        case Op.ALU_RR + Alu.CMP: Alu.cmpRR(c, i); continue;
                        case Op.ALU_RM + Alu.ADD: Alu.addRM(c, i); continue;
                        case Op.ALU_RM + Alu.OR: Alu.orRM(c, i); continue;
                        case Op.ALU_RM + Alu.ADC: Alu.adcRM(c, i); continue;
                        case Op.ALU_RM + Alu.SBB: Alu.sbbRM(c, i); continue;
                        case Op.ALU_RM + Alu.AND: Alu.andRM(c, i); continue;
                        case Op.ALU_RM + Alu.SUB: Alu.subRM(c, i); continue;
                        case Op.ALU_RM + Alu.XOR: Alu.xorRM(c, i); continue;
                        case Op.ALU_RM + Alu.CMP: Alu.cmpRM(c, i); continue;
                        case Op.ALU_MR + Alu.ADD: Alu.addMR(c, i); continue;
                        case Op.ALU_MR + Alu.OR: Alu.orMR(c, i); continue;
                        case Op.ALU_MR + Alu.ADC: Alu.adcMR(c, i); continue;
                        case Op.ALU_MR + Alu.SBB: Alu.sbbMR(c, i); continue;
                        case Op.ALU_MR + Alu.AND: Alu.andMR(c, i); continue;
                        case Op.ALU_MR + Alu.SUB: Alu.subMR(c, i); continue;
                        case Op.ALU_MR + Alu.XOR: Alu.xorMR(c, i); continue;
                        case Op.ALU_MR + Alu.CMP: Alu.cmpMR(c, i); continue;
                        case Op.ALU_RI + Alu.ADD: Alu.addRI(c, i); continue;
                        case Op.ALU_RI + Alu.OR: Alu.orRI(c, i); continue;
                        case Op.ALU_RI + Alu.ADC: Alu.adcRI(c, i); continue;
                        case Op.ALU_RI + Alu.SBB: Alu.sbbRI(c, i); continue;
                        case Op.ALU_RI + Alu.AND: Alu.andRI(c, i); continue;
                        case Op.ALU_RI + Alu.SUB: Alu.subRI(c, i); continue;
                        case Op.ALU_RI + Alu.XOR: Alu.xorRI(c, i); continue;
                        case Op.ALU_RI + Alu.CMP: Alu.cmpRI(c, i); continue;
                        case Op.ALU_MI + Alu.ADD: Alu.addMI(c, i); continue;
                        case Op.ALU_MI + Alu.OR: Alu.orMI(c, i); continue;
                        case Op.ALU_MI + Alu.ADC: Alu.adcMI(c, i); continue;
                        case Op.ALU_MI + Alu.SBB: Alu.sbbMI(c, i); continue;
                        case Op.ALU_MI + Alu.AND: Alu.andMI(c, i); continue;
                        case Op.ALU_MI + Alu.SUB: Alu.subMI(c, i); continue;
                        case Op.ALU_MI + Alu.XOR: Alu.xorMI(c, i); continue;
                        case Op.ALU_MI + Alu.CMP: Alu.cmpMI(c, i); continue;
                        case Op.ALU_MR_LOCK: Alu.aluMRLock(c, i); continue;
                        case Op.ALU_MI_LOCK: Alu.aluMILock(c, i); continue;
                        case Op.TEST_RR: Alu.testRR(c, i); continue;
                        case Op.TEST_RM: Alu.testRM(c, i); continue;
                        case Op.TEST_RI: Alu.testRI(c, i); continue;
                        case Op.TEST_MI: Alu.testMI(c, i); continue;
                        case Op.UNARY_R: Alu.unaryR(c, i); continue;
                        case Op.UNARY_M: Alu.unaryM(c, i); continue;
                        case Op.UNARY_M_LOCK: Alu.unaryMLock(c, i); continue;
                        case Op.ADX_RR, Op.ADX_RM: Alu.adx(c, i); continue;
                        case Op.FLAGOP: Alu.flagOp(c, i); continue;

                        case Op.MULDIV_R: t = MulDiv.mulDivR(c, i); break;
                        case Op.MULDIV_M: t = MulDiv.mulDivM(c, i); break;
                        case Op.IMUL_RR: MulDiv.imulRR(c, i); continue;
                        case Op.IMUL_RM: MulDiv.imulRM(c, i); continue;
                        case Op.IMUL_RRI: MulDiv.imulRRI(c, i); continue;
                        case Op.IMUL_RMI: MulDiv.imulRMI(c, i); continue;

                        case Op.SHL_R: Shifts.shlR(c, i); continue;
                        case Op.SHR_R: Shifts.shrR(c, i); continue;
                        case Op.SAR_R: Shifts.sarR(c, i); continue;
                        case Op.SHIFT_R: Shifts.shiftR(c, i); continue;
                        case Op.SHIFT_M: Shifts.shiftM(c, i); continue;
                        case Op.SHD_RR: Shifts.shdRR(c, i); continue;
                        case Op.SHD_MR: Shifts.shdMR(c, i); continue;

                        case Op.BT_RR: Bits.btRR(c, i); continue;
                        case Op.BT_RI: Bits.btRI(c, i); continue;
                        case Op.BT_MR: Bits.btMR(c, i); continue;
                        case Op.BT_MI: Bits.btMI(c, i); continue;
                        case Op.BT_MR_LOCK: Bits.btMRLock(c, i); continue;
                        case Op.BT_MI_LOCK: Bits.btMILock(c, i); continue;
                        case Op.BITSCAN_RR: Bits.scanRR(c, i); continue;
                        case Op.BITSCAN_RM: Bits.scanRM(c, i); continue;

                        case Op.XADD_RR: Atomics.xaddRR(c, i); continue;
                        case Op.XADD_MR: Atomics.xaddMR(c, i); continue;
                        case Op.XADD_MR_LOCK: Atomics.xaddMRLock(c, i); continue;
                        case Op.CMPXCHG_RR: Atomics.cmpxchgRR(c, i); continue;
                        case Op.CMPXCHG_MR: Atomics.cmpxchgMR(c, i); continue;
                        case Op.CMPXCHG8B: Atomics.cmpxchg8b(c, i); continue;
                        case Op.CMPXCHG16B: t = Atomics.cmpxchg16b(c, i); break;

                        case Op.JMP: Branches.jmp(c, i); continue;
                        case Op.JCC: Branches.jcc(c, i); continue;
                        case Op.JMP_R: Branches.jmpR(c, i); continue;
                        case Op.JMP_M: Branches.jmpM(c, i); continue;
                        case Op.CALL: Branches.call(c, i); continue;
                        case Op.CALL_R: Branches.callR(c, i); continue;
                        case Op.CALL_M: Branches.callM(c, i); continue;
                        case Op.RET: Branches.ret(c, i); continue;
                        case Op.LOOP: Branches.loop(c, i); continue;
                        case Op.JRCXZ: Branches.jrcxz(c, i); continue;

                        case Op.MOVS: t = Strings.movs(c, i); break;
                        case Op.CMPS: t = Strings.cmps(c, i); break;
                        case Op.STOS: t = Strings.stos(c, i); break;
                        case Op.LODS: t = Strings.lods(c, i); break;
                        case Op.SCAS: t = Strings.scas(c, i); break;

                        case Op.SYSCALL: t = SystemOps.syscall(c, i); break;
                        case Op.INT3: t = Trap.BREAKPOINT; break;
                        case Op.CPUID: SystemOps.cpuid(c, i); continue;
                        case Op.RDTSC: SystemOps.rdtsc(c, i); continue;
                        case Op.RDTSCP: SystemOps.rdtscp(c, i); continue;
                        case Op.FENCE: SystemOps.fence(c, i); continue;
                        case Op.PAUSE: SystemOps.pause(c, i); continue;

                        case Op.SSE: t = sse(c, i); break;
                        case Op.VEX: t = vex(c, i); break;
                        case Op.BMI:
                            if (!c.cpu.features().bmi) { t = Trap.INVALID_OPCODE; break; }
                            Bmi.exec(c, i);
                            continue;
                        case Op.XGETBV: t = SystemOps.xgetbv(c, i); break;
                        case Op.RDRAND: SystemOps.rdrand(c, i); continue;
                        case Op.FWAIT: t = X87Unit.fwait(c.cpu); break;
                        case Op.X87: t = x87(c, i); break;
                        case Op.GP: t = Trap.GENERAL_PROTECTION; break;
                        default: t = Trap.INVALID_OPCODE; break;
                    }
                    if (t != 0) {
                        c.retired += k;
                        return c.trap(i, t);
                    }
                }
                c.retired += n;
                c.last = b;
                if (single) return 0;
                if (!b.setsRip) c.rip = b.end;
                Block next = b.successor(c.rip);
                if (next == null || !next.valid || next.snapshot != null || c.interruptRequested()
                        || as.generation() != generation || (c.rflagsRest & Flags.TF) != 0) {
                    return 0;
                }
                b = next;
                code = b.insns;
            }
        } catch (GuestFault f) {
            c.retired += k;
            c.rip = code[k].rip;
            return c.pageFault(f);
        } catch (RuntimeException e) {
            c.retired += k;
            c.rip = code[k].rip;
            return c.internalError(c.rip, "executing " + code[k], e);
        }
    }

    /** Hands an SSE-family instruction to the FP unit; RIP is current for it. */
    static int sse(Core c, Insn i) {
        long ea = i.rm < 0 ? c.ea(i) : 0;
        c.rip = i.rip;
        return SseUnit.exec(c.cpu, i.map, i.opcode, i.prefix, i.rexW, i.reg, i.rm, ea, (int) i.imm & 0xFF);
    }

    /** Hands a VEX-encoded vector instruction to the FP unit; RIP is current for it. */
    static int vex(Core c, Insn i) {
        if (!c.cpu.features().avx) return Trap.INVALID_OPCODE;
        if (AvxUnit.isGather(i.map, i.opcode)) return gather(c, i);
        long ea = i.rm < 0 ? c.ea(i) : 0;
        c.rip = i.rip;
        return AvxUnit.exec(c.cpu, i.map, i.opcode, i.prefix, i.rexW, i.vexL, i.reg, i.vvvv, i.rm, ea, (int) i.imm & 0xFF);
    }

    /** The gathers address memory with a vector index register (VSIB): SIB.index names an XMM/YMM register. */
    private static int gather(Core c, Insn i) {
        if (i.rm >= 0 || (i.modrm & 7) != 4) return Trap.INVALID_OPCODE;
        int index = i.index < 0 ? 4 : i.index;
        long base = i.disp + (i.base >= 0 ? c.regs[i.base] : 0);
        c.rip = i.rip;
        return AvxUnit.gather(c.cpu, i.opcode, i.rexW, i.vexL, i.reg, i.vvvv, index, i.scale, base, i.addr32, c.segBase(i));
    }

    /** Hands an x87 instruction to the FP unit; RIP is current for it (the x87 records its last instruction pointer). */
    static int x87(Core c, Insn i) {
        long ea = i.rm < 0 ? c.ea(i) : 0;
        c.rip = i.rip;
        return X87Unit.exec(c.cpu, i.opcode, i.modrm, ea);
    }
}
