package dev.jerla.cpu.exec;

import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.decode.Op;
import dev.jerla.cpu.fp.SseUnit;
import dev.jerla.cpu.fp.X87Unit;

/**
 * Dispatches a decoded instruction to its semantics: one dense {@code switch} on {@link Insn#op},
 * each case a call to the static method that defines the operation. Kept small so that HotSpot
 * compiles it (methods over 8000 bytecode bytes are never compiled).
 */
final class Interpreter {
    private Interpreter() {}

    /** Executes {@code i}; returns 0 to continue or a {@link Trap} code. */
    static int execute(Core c, Insn i) {
        switch (i.op) {
            case Op.NOP: return 0;
            case Op.MOV_RR: Moves.movRR(c, i); return 0;
            case Op.MOV_RM: Moves.movRM(c, i); return 0;
            case Op.MOV_MR: Moves.movMR(c, i); return 0;
            case Op.MOV_RI: Moves.movRI(c, i); return 0;
            case Op.MOV_MI: Moves.movMI(c, i); return 0;
            case Op.MOVZX_RR: Moves.movzxRR(c, i); return 0;
            case Op.MOVZX_RM: Moves.movzxRM(c, i); return 0;
            case Op.MOVSX_RR: Moves.movsxRR(c, i); return 0;
            case Op.MOVSX_RM: Moves.movsxRM(c, i); return 0;
            case Op.LEA: Moves.lea(c, i); return 0;
            case Op.XCHG_RR: Moves.xchgRR(c, i); return 0;
            case Op.XCHG_MR: Moves.xchgMR(c, i); return 0;
            case Op.BSWAP: Moves.bswap(c, i); return 0;
            case Op.MOVBE_RM: Moves.movbeRM(c, i); return 0;
            case Op.MOVBE_MR: Moves.movbeMR(c, i); return 0;
            case Op.CMOV_RR: Moves.cmovRR(c, i); return 0;
            case Op.CMOV_RM: Moves.cmovRM(c, i); return 0;
            case Op.SETCC_R: Moves.setccR(c, i); return 0;
            case Op.SETCC_M: Moves.setccM(c, i); return 0;
            case Op.XLAT: Moves.xlat(c, i); return 0;
            case Op.MOV_TO_SREG: return Moves.movToSreg(c, i);
            case Op.CBW: Moves.cbw(c, i); return 0;
            case Op.CWD: Moves.cwd(c, i); return 0;

            case Op.PUSH_R: Stack.pushR(c, i); return 0;
            case Op.PUSH_M: Stack.pushM(c, i); return 0;
            case Op.PUSH_I: Stack.pushI(c, i); return 0;
            case Op.POP_R: Stack.popR(c, i); return 0;
            case Op.POP_M: Stack.popM(c, i); return 0;
            case Op.PUSHF: Stack.pushf(c, i); return 0;
            case Op.POPF: Stack.popf(c, i); return 0;
            case Op.LAHF: Stack.lahf(c, i); return 0;
            case Op.SAHF: Stack.sahf(c, i); return 0;
            case Op.ENTER: Stack.enter(c, i); return 0;
            case Op.LEAVE: Stack.leave(c, i); return 0;

            case Op.ALU_RR: Alu.aluRR(c, i); return 0;
            case Op.ALU_RM: Alu.aluRM(c, i); return 0;
            case Op.ALU_MR: Alu.aluMR(c, i); return 0;
            case Op.ALU_RI: Alu.aluRI(c, i); return 0;
            case Op.ALU_MI: Alu.aluMI(c, i); return 0;
            case Op.ALU_MR_LOCK: Alu.aluMRLock(c, i); return 0;
            case Op.ALU_MI_LOCK: Alu.aluMILock(c, i); return 0;
            case Op.TEST_RR: Alu.testRR(c, i); return 0;
            case Op.TEST_RM: Alu.testRM(c, i); return 0;
            case Op.TEST_RI: Alu.testRI(c, i); return 0;
            case Op.TEST_MI: Alu.testMI(c, i); return 0;
            case Op.UNARY_R: Alu.unaryR(c, i); return 0;
            case Op.UNARY_M: Alu.unaryM(c, i); return 0;
            case Op.UNARY_M_LOCK: Alu.unaryMLock(c, i); return 0;
            case Op.ADX_RR, Op.ADX_RM: Alu.adx(c, i); return 0;
            case Op.FLAGOP: Alu.flagOp(c, i); return 0;

            case Op.MULDIV_R: return MulDiv.mulDivR(c, i);
            case Op.MULDIV_M: return MulDiv.mulDivM(c, i);
            case Op.IMUL_RR: MulDiv.imulRR(c, i); return 0;
            case Op.IMUL_RM: MulDiv.imulRM(c, i); return 0;
            case Op.IMUL_RRI: MulDiv.imulRRI(c, i); return 0;
            case Op.IMUL_RMI: MulDiv.imulRMI(c, i); return 0;

            case Op.SHIFT_R: Shifts.shiftR(c, i); return 0;
            case Op.SHIFT_M: Shifts.shiftM(c, i); return 0;
            case Op.SHD_RR: Shifts.shdRR(c, i); return 0;
            case Op.SHD_MR: Shifts.shdMR(c, i); return 0;

            case Op.BT_RR: Bits.btRR(c, i); return 0;
            case Op.BT_RI: Bits.btRI(c, i); return 0;
            case Op.BT_MR: Bits.btMR(c, i); return 0;
            case Op.BT_MI: Bits.btMI(c, i); return 0;
            case Op.BT_MR_LOCK: Bits.btMRLock(c, i); return 0;
            case Op.BT_MI_LOCK: Bits.btMILock(c, i); return 0;
            case Op.BITSCAN_RR: Bits.scanRR(c, i); return 0;
            case Op.BITSCAN_RM: Bits.scanRM(c, i); return 0;

            case Op.XADD_RR: Atomics.xaddRR(c, i); return 0;
            case Op.XADD_MR: Atomics.xaddMR(c, i); return 0;
            case Op.XADD_MR_LOCK: Atomics.xaddMRLock(c, i); return 0;
            case Op.CMPXCHG_RR: Atomics.cmpxchgRR(c, i); return 0;
            case Op.CMPXCHG_MR: Atomics.cmpxchgMR(c, i); return 0;
            case Op.CMPXCHG8B: Atomics.cmpxchg8b(c, i); return 0;
            case Op.CMPXCHG16B: return Atomics.cmpxchg16b(c, i);

            case Op.JMP: Branches.jmp(c, i); return 0;
            case Op.JCC: Branches.jcc(c, i); return 0;
            case Op.JMP_R: Branches.jmpR(c, i); return 0;
            case Op.JMP_M: Branches.jmpM(c, i); return 0;
            case Op.CALL: Branches.call(c, i); return 0;
            case Op.CALL_R: Branches.callR(c, i); return 0;
            case Op.CALL_M: Branches.callM(c, i); return 0;
            case Op.RET: Branches.ret(c, i); return 0;
            case Op.LOOP: Branches.loop(c, i); return 0;
            case Op.JRCXZ: Branches.jrcxz(c, i); return 0;

            case Op.MOVS: return Strings.movs(c, i);
            case Op.CMPS: return Strings.cmps(c, i);
            case Op.STOS: return Strings.stos(c, i);
            case Op.LODS: return Strings.lods(c, i);
            case Op.SCAS: return Strings.scas(c, i);

            case Op.SYSCALL: return SystemOps.syscall(c, i);
            case Op.INT3: return Trap.BREAKPOINT;
            case Op.CPUID: SystemOps.cpuid(c, i); return 0;
            case Op.RDTSC: SystemOps.rdtsc(c, i); return 0;
            case Op.RDTSCP: SystemOps.rdtscp(c, i); return 0;
            case Op.FENCE: SystemOps.fence(c, i); return 0;
            case Op.PAUSE: SystemOps.pause(c, i); return 0;

            case Op.SSE: return sse(c, i);
            case Op.X87: return x87(c, i);
            case Op.GP: return Trap.GENERAL_PROTECTION;
            default: return Trap.INVALID_OPCODE;
        }
    }

    /** Hands an SSE-family instruction to the FP unit; RIP is current for it. */
    static int sse(Core c, Insn i) {
        long ea = i.rm < 0 ? c.ea(i) : 0;
        c.rip = i.rip;
        return SseUnit.exec(c.cpu, i.map, i.opcode, i.prefix, i.rexW, i.reg, i.rm, ea, (int) i.imm & 0xFF);
    }

    /** Hands an x87 instruction to the FP unit; RIP is current for it (the x87 records its last instruction pointer). */
    static int x87(Core c, Insn i) {
        long ea = i.rm < 0 ? c.ea(i) : 0;
        c.rip = i.rip;
        return X87Unit.exec(c.cpu, i.opcode, i.modrm, ea);
    }
}
