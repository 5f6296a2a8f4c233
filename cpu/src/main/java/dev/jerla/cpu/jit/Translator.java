package dev.jerla.cpu.jit;

import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.exec.Block;
import dev.jerla.cpu.exec.Core;
import dev.jerla.cpu.exec.Flags;
import dev.jerla.cpu.decode.Op;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.constant.ConstantDescs.*;

/**
 * Translates a {@link RegionPlan} into the bytecode of {@link CompiledRegion#run}. Guest registers
 * live in JVM locals, loaded at entry and stored at the one exit path; the lazy flags live in six
 * locals with the layout of {@code Core}'s, set with constants by each flag-setting instruction,
 * so HotSpot folds {@link Flags#cond(int, int, long, long, long, long, int)} into one comparison and drops flag work nobody reads.
 *
 * <p>Precise faults: an instruction changes locals only after its last memory access, and each
 * instruction that accesses memory has its own exception handler that leaves with RIP at that
 * instruction; the locals then still hold the state before it. Loads and stores carry the same
 * TSO fences as the interpreter's.
 */
final class Translator {
    static final ClassDesc CD_CORE = ClassDesc.of("dev.jerla.cpu.exec.Core");
    static final ClassDesc CD_MMU = ClassDesc.of("dev.jerla.cpu.mem.Mmu");
    static final ClassDesc CD_AS = ClassDesc.of("dev.jerla.cpu.mem.AddressSpace");
    static final ClassDesc CD_FAULT = ClassDesc.of("dev.jerla.cpu.mem.GuestFault");
    static final ClassDesc CD_FLAGS = ClassDesc.of("dev.jerla.cpu.exec.Flags");
    static final ClassDesc CD_OPS = ClassDesc.of("dev.jerla.cpu.jit.JitOps");
    static final ClassDesc CD_VARHANDLE = ClassDesc.of("java.lang.invoke.VarHandle");
    static final ClassDesc CD_BLOCK = ClassDesc.of("dev.jerla.cpu.exec.Block");

    private static final MethodTypeDesc MT_COND = MethodTypeDesc.of(CD_boolean, CD_int, CD_int, CD_long, CD_long, CD_long, CD_long, CD_int);
    private static final MethodTypeDesc MT_CF = MethodTypeDesc.of(CD_boolean, CD_int, CD_int, CD_long, CD_long, CD_long, CD_long);
    private static final MethodTypeDesc MT_MULBITS = MethodTypeDesc.of(CD_long, CD_int, CD_int, CD_long, CD_long, CD_long, CD_long, CD_boolean);

    // Local variable slots.
    private static final int THIS = 0, C = 1, M = 2, AS = 3, EXC = 4, GEN = 5, EXIT = 7,
            FK = 9, FS = 10, FA = 11, FB = 13, FR = 15, FBITS = 17, T0 = 19, T1 = 21, T2 = 23, EA = 25, REG0 = 27, RETIRED = REG0 + 32,
            CALLOUT = RETIRED + 2, CALLOUT_TRAP = RETIRED + 3;

    private static final long[] MASK = {0, 0xFF, 0xFFFF, 0, 0xFFFFFFFFL, 0, 0, 0, -1L};

    /** True if the instruction is translated; any other ends a region where it stands. */
    static boolean translates(Insn i) {
        return switch (i.op) {
            case Op.NOP, Op.MOV_RR, Op.MOV_RM, Op.MOV_MR, Op.MOV_RI, Op.MOV_MI, Op.MOVZX_RR, Op.MOVZX_RM,
                 Op.MOVSX_RR, Op.MOVSX_RM, Op.LEA, Op.XCHG_RR, Op.CMOV_RR, Op.CMOV_RM, Op.SETCC_R, Op.SETCC_M,
                 Op.CBW, Op.CWD, Op.TEST_RR, Op.TEST_RM, Op.TEST_RI, Op.TEST_MI, Op.UNARY_R, Op.UNARY_M,
                 Op.IMUL_RR, Op.IMUL_RM, Op.IMUL_RRI, Op.IMUL_RMI, Op.SHL_R, Op.SHR_R, Op.SAR_R,
                 Op.JMP, Op.JCC, Op.JMP_R, Op.CALL, Op.CALL_R, Op.RET -> true;
            case Op.PUSH_R, Op.PUSH_I, Op.POP_R, Op.LEAVE -> i.size == 8;
            case Op.MULDIV_R, Op.MULDIV_M -> i.sub <= 5 ? i.size >= 2 : i.size >= 4;
            default -> i.op >= Op.ALU_RR && i.op < Op.ALU_MI + 8;
        };
    }

    /**
     * True if the region goes on past the instruction while the interpreter runs it: what is not
     * translated but never transfers control nor needs the outer loop afterwards (SSE and AVX,
     * x87, string operations, bit tests, rotates, LOCK operations, ...).
     */
    static boolean callsOut(Insn i) {
        return !translates(i) && !i.endsBlock();
    }

    /** The one-instruction blocks of the region's call-outs, in address order: the class data of its class. */
    static Block[] callouts(RegionPlan plan) {
        return plan.insns.values().stream().filter(Translator::callsOut).map(Core::loneBlock).toArray(Block[]::new);
    }

    private final RegionPlan plan;
    /** Where each call-out continues, by call-out index. */
    private final List<Label> calloutReturns = new ArrayList<>();
    private final Map<Long, Label> labels = new HashMap<>();
    /** Return addresses of the region's calls that lie in the region: RET tries them before leaving. */
    private final List<Long> returns = new ArrayList<>();
    private CodeBuilder b;
    private Label exitLabel, faultLabel, calloutLabel;

    private Translator(RegionPlan plan) {
        this.plan = plan;
        for (Insn i : plan.insns.values()) {
            if (i.op == Op.CALL && plan.insns.containsKey(i.next) && returns.size() < 4) returns.add(i.next);
        }
    }

    /** The class file of a hidden class named {@code name} implementing {@link CompiledRegion}. */
    static byte[] classFile(RegionPlan plan, ClassDesc name, ClassFile cf) {
        Translator t = new Translator(plan);
        return cf.build(name, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withInterfaceSymbols(ClassDesc.of("dev.jerla.cpu.jit.CompiledRegion"));
            cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC,
                    code -> code.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_());
            cb.withMethodBody("run", MethodTypeDesc.of(CD_int, CD_CORE), ClassFile.ACC_PUBLIC, code -> t.body(code));
        });
    }

    private Label label(long rip) {
        return labels.computeIfAbsent(rip, k -> b.newLabel());
    }

    private void body(CodeBuilder code) {
        b = code;
        exitLabel = b.newLabel();
        faultLabel = b.newLabel();
        calloutLabel = b.newLabel();
        // Entry: the MMU, the address space generation, registers and lazy flags into locals.
        b.aload(C).invokevirtual(CD_CORE, "mmu", MethodTypeDesc.of(CD_MMU)).astore(M);
        b.aload(M).invokevirtual(CD_MMU, "addressSpace", MethodTypeDesc.of(CD_AS)).astore(AS);
        b.aload(AS).invokevirtual(CD_AS, "generation", MethodTypeDesc.of(CD_long)).lstore(GEN);
        b.aconst_null().astore(EXC);
        b.lconst_0().lstore(EXIT);
        loadState();
        b.lconst_0().lstore(T0);
        b.lconst_0().lstore(T1);
        b.lconst_0().lstore(T2);
        b.lconst_0().lstore(EA);
        b.lconst_0().lstore(RETIRED);
        b.goto_(label(plan.entry));

        for (Insn i : plan.insns.values()) {
            b.labelBinding(label(i.rip));
            if (callsOut(i)) {
                callout(i);
            } else if (!translates(i)) {
                exit(i.rip);
            } else {
                instruction(i);
            }
        }
        if (!calloutReturns.isEmpty()) calloutBody();

        // The one exit: registers, flags and RIP back into the Core; a fault is reported after.
        b.labelBinding(exitLabel);
        storeState();
        b.aload(C).lload(EXIT).invokevirtual(CD_CORE, "setRip", MethodTypeDesc.of(CD_void, CD_long));
        b.aload(C).lload(RETIRED).invokevirtual(CD_CORE, "retire", MethodTypeDesc.of(CD_void, CD_long));
        Label normal = b.newLabel();
        b.aload(EXC).ifnull(normal);
        b.aload(C).aload(EXC).invokevirtual(CD_CORE, "pageFault", MethodTypeDesc.of(CD_int, CD_FAULT)).ireturn();
        b.labelBinding(normal);
        b.iconst_0().ireturn();
        b.labelBinding(faultLabel);
        b.goto_(exitLabel);
    }

    /** Guest registers and lazy flags from the Core into the locals. */
    private void loadState() {
        for (int r = 0; r < 16; r++) {
            b.aload(C).loadConstant(r).invokevirtual(CD_CORE, "reg", MethodTypeDesc.of(CD_long, CD_int)).lstore(REG0 + 2 * r);
        }
        b.aload(C).invokevirtual(CD_CORE, "flagKind", MethodTypeDesc.of(CD_int)).istore(FK);
        b.aload(C).invokevirtual(CD_CORE, "flagShift", MethodTypeDesc.of(CD_int)).istore(FS);
        b.aload(C).invokevirtual(CD_CORE, "flagA", MethodTypeDesc.of(CD_long)).lstore(FA);
        b.aload(C).invokevirtual(CD_CORE, "flagB", MethodTypeDesc.of(CD_long)).lstore(FB);
        b.aload(C).invokevirtual(CD_CORE, "flagResult", MethodTypeDesc.of(CD_long)).lstore(FR);
        b.aload(C).invokevirtual(CD_CORE, "flagBits", MethodTypeDesc.of(CD_long)).lstore(FBITS);
    }

    /** Guest registers and lazy flags from the locals into the Core. */
    private void storeState() {
        for (int r = 0; r < 16; r++) {
            b.aload(C).loadConstant(r).lload(REG0 + 2 * r).invokevirtual(CD_CORE, "setReg", MethodTypeDesc.of(CD_void, CD_int, CD_long));
        }
        b.aload(C).iload(FK).iload(FS).lload(FA).lload(FB).lload(FR).lload(FBITS)
                .invokevirtual(CD_CORE, "setLazyFlags", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_long, CD_long, CD_long, CD_long));
    }

    // ---------------------------------------------------------------- call-outs to the interpreter

    /** Hands {@code i} to the interpreter through the region's one call-out sequence, then goes on at its next instruction. */
    private void callout(Insn i) {
        Label back = b.newLabel();
        b.loadConstant(calloutReturns.size()).istore(CALLOUT).goto_(calloutLabel);
        calloutReturns.add(back);
        b.labelBinding(back);
        Long following = plan.insns.higherKey(i.rip);
        if (following == null || following != i.next) jump(i.rip, i.next);
    }

    /**
     * The call-out sequence, shared by the region's call-outs so each costs a few bytes of
     * bytecode: registers, flags and the instruction count into the Core, the interpreter runs
     * call-out number CALLOUT, and the state comes back into locals; a trap leaves the region
     * as the interpreter reported it.
     */
    private void calloutBody() {
        b.labelBinding(calloutLabel);
        storeState();
        b.aload(C).lload(RETIRED).invokevirtual(CD_CORE, "retire", MethodTypeDesc.of(CD_void, CD_long));
        b.lconst_0().lstore(RETIRED);
        b.aload(C);
        b.ldc(DynamicConstantDesc.ofNamed(BSM_CLASS_DATA, DEFAULT_NAME, CD_BLOCK.arrayType()));
        b.iload(CALLOUT).aaload();
        b.invokevirtual(CD_CORE, "runAlone", MethodTypeDesc.of(CD_int, CD_BLOCK)).istore(CALLOUT_TRAP);
        Label completed = b.newLabel();
        b.iload(CALLOUT_TRAP).ifeq(completed);
        b.iload(CALLOUT_TRAP).ireturn();
        b.labelBinding(completed);
        loadState();
        List<SwitchCase> cases = new ArrayList<>();
        for (int k = 0; k < calloutReturns.size(); k++) cases.add(SwitchCase.of(k, calloutReturns.get(k)));
        b.iload(CALLOUT).tableswitch(0, cases.size() - 1, calloutReturns.get(0), cases);
    }

    // ---------------------------------------------------------------- control flow

    /** Leaves the region with RIP = {@code rip}. */
    private void exit(long rip) {
        b.loadConstant(rip).lstore(EXIT).goto_(exitLabel);
    }

    /** Leaves with RIP = the long on the stack. */
    private void exitDynamic() {
        b.lstore(EXIT).goto_(exitLabel);
    }

    /**
     * Continues at {@code target}: a jump inside the region, or an exit. A jump backwards first
     * checks for an interrupt request and a new address-space generation, so loops stay
     * responsive to signals and to unmapping.
     */
    private void jump(long from, long target) {
        if (!plan.insns.containsKey(target)) {
            exit(target);
            return;
        }
        if (target <= from) {
            Label out = b.newLabel();
            b.aload(C).invokevirtual(CD_CORE, "interruptRequested", MethodTypeDesc.of(CD_boolean)).ifne(out);
            b.aload(AS).invokevirtual(CD_AS, "generation", MethodTypeDesc.of(CD_long)).lload(GEN).lcmp().ifne(out);
            b.goto_(label(target));
            b.labelBinding(out);
            exit(target);
            return;
        }
        b.goto_(label(target));
    }

    /** Runs {@code body} as one instruction that may fault: a fault leaves with RIP at {@code i}. */
    private void faulting(Insn i, Runnable body) {
        Label start = b.newLabel(), end = b.newLabel(), handler = b.newLabel(), after = b.newLabel();
        b.labelBinding(start);
        body.run();
        b.labelBinding(end);
        b.goto_(after);
        b.labelBinding(handler);
        b.astore(EXC);
        b.loadConstant(i.rip).lstore(EXIT).goto_(faultLabel);
        b.exceptionCatch(start, end, handler, CD_FAULT);
        b.labelBinding(after);
    }

    /** Counts one completed instruction (HotSpot folds the counts of straight-line code into one add). */
    private void retired() {
        b.lload(RETIRED).lconst_1().ladd().lstore(RETIRED);
    }

    // ---------------------------------------------------------------- operands

    private void getReg(int r, int size) {
        if (r < 16) {
            b.lload(REG0 + 2 * r);
            if (size < 8) b.loadConstant(MASK[size]).land();
        } else {
            b.lload(REG0 + 2 * (r - 16)).bipush(8).lushr().loadConstant(0xFFL).land();
        }
    }

    /** Pops a long and writes it to register {@code r} as x86-64 does (32-bit writes zero-extend, 8/16-bit merge). */
    private void setReg(int r, int size) {
        if (r >= 16) {
            int slot = REG0 + 2 * (r - 16);
            b.loadConstant(0xFFL).land().bipush(8).lshl();
            b.lload(slot).loadConstant(~0xFF00L).land().lor().lstore(slot);
            return;
        }
        int slot = REG0 + 2 * r;
        switch (size) {
            case 8 -> b.lstore(slot);
            case 4 -> b.loadConstant(0xFFFFFFFFL).land().lstore(slot);
            default -> b.loadConstant(MASK[size]).land().lload(slot).loadConstant(~MASK[size]).land().lor().lstore(slot);
        }
    }

    /** Pushes the effective address of the memory operand, segment base included. */
    private void ea(Insn i) {
        b.loadConstant(i.disp);
        if (i.base >= 0) b.lload(REG0 + 2 * i.base).ladd();
        if (i.index >= 0) {
            b.lload(REG0 + 2 * i.index);
            if (i.scale != 0) b.loadConstant(i.scale).lshl();
            b.ladd();
        }
        if (i.addr32) b.loadConstant(0xFFFFFFFFL).land();
        if (i.seg != Insn.SEG_NONE) {
            b.aload(C).invokevirtual(CD_CORE, i.seg == Insn.SEG_FS ? "fsBase" : "gsBase", MethodTypeDesc.of(CD_long)).ladd();
        }
    }

    /** Pushes the zero-extended {@code size}-byte value at the address in local {@code addr}. */
    private void load(int addr, int size) {
        b.aload(M).lload(addr);
        switch (size) {
            case 8 -> b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long));
            case 4 -> b.invokevirtual(CD_MMU, "read32", MethodTypeDesc.of(CD_int, CD_long)).i2l().loadConstant(0xFFFFFFFFL).land();
            case 2 -> b.invokevirtual(CD_MMU, "read16", MethodTypeDesc.of(CD_int, CD_long)).i2l();
            default -> b.invokevirtual(CD_MMU, "read8", MethodTypeDesc.of(CD_int, CD_long)).i2l();
        }
        b.invokestatic(CD_VARHANDLE, "acquireFence", MTD_void);
    }

    /** Stores the long in local {@code value} to the address in local {@code addr}. */
    private void store(int addr, int size, int value) {
        b.invokestatic(CD_VARHANDLE, "releaseFence", MTD_void);
        b.aload(M).lload(addr).lload(value);
        switch (size) {
            case 8 -> b.invokevirtual(CD_MMU, "write64", MethodTypeDesc.of(CD_void, CD_long, CD_long));
            case 4 -> b.l2i().invokevirtual(CD_MMU, "write32", MethodTypeDesc.of(CD_void, CD_long, CD_int));
            case 2 -> b.l2i().invokevirtual(CD_MMU, "write16", MethodTypeDesc.of(CD_void, CD_long, CD_int));
            default -> b.l2i().invokevirtual(CD_MMU, "write8", MethodTypeDesc.of(CD_void, CD_long, CD_int));
        }
    }

    private void signExtend(int size) {
        switch (size) {
            case 1 -> b.l2i().i2b().i2l();
            case 2 -> b.l2i().i2s().i2l();
            case 4 -> b.l2i().i2l();
            default -> { }
        }
    }

    private static int shiftOf(int size) {
        return 64 - (size << 3);
    }

    // ---------------------------------------------------------------- flags

    private void flagArgs() {
        b.iload(FK).iload(FS).lload(FA).lload(FB).lload(FR).lload(FBITS);
    }

    /** Pushes condition {@code cc} as a boolean. */
    private void cond(int cc) {
        flagArgs();
        b.loadConstant(cc).invokestatic(CD_FLAGS, "cond", MT_COND);
    }

    /** Pushes CF as 0 or 1 (a long). */
    private void carry() {
        flagArgs();
        b.invokestatic(CD_FLAGS, "cf", MT_CF).i2l();
    }

    /** Records an arithmetic result: operands in T0, T1, result in T2. */
    private void lazy(int kind, int size) {
        b.loadConstant(kind).istore(FK).loadConstant(shiftOf(size)).istore(FS);
        b.lload(T0).lstore(FA).lload(T1).lstore(FB).lload(T2).lstore(FR);
    }

    /** Records a result whose CF, OF, AF are the long on the stack; ZF SF PF follow {@code result}. */
    private void lazyResult(int size, int result) {
        b.lstore(FBITS);
        b.loadConstant(Core.FLAGS_RESULT).istore(FK).loadConstant(shiftOf(size)).istore(FS);
        b.lload(result).lstore(FR);
    }

    // ---------------------------------------------------------------- instructions

    private void instruction(Insn i) {
        int op = i.op, s = i.size;
        switch (op) {
            case Op.NOP -> { }
            case Op.MOV_RR -> { getReg(i.rm, s); setReg(i.reg, s); }
            case Op.MOV_RM -> faulting(i, () -> { address(i); load(EA, s); setReg(i.reg, s); });
            case Op.MOV_MR -> faulting(i, () -> { address(i); getReg(i.reg, s); b.lstore(T0); store(EA, s, T0); });
            case Op.MOV_RI -> { b.loadConstant(i.imm); setReg(i.reg, s); }
            case Op.MOV_MI -> faulting(i, () -> { address(i); b.loadConstant(i.imm).lstore(T0); store(EA, s, T0); });
            case Op.MOVZX_RR -> { getReg(i.rm, i.size2); setReg(i.reg, s); }
            case Op.MOVZX_RM -> faulting(i, () -> { address(i); load(EA, i.size2); setReg(i.reg, s); });
            case Op.MOVSX_RR -> { getReg(i.rm, i.size2); signExtend(i.size2); setReg(i.reg, s); }
            case Op.MOVSX_RM -> faulting(i, () -> { address(i); load(EA, i.size2); signExtend(i.size2); setReg(i.reg, s); });
            case Op.LEA -> { ea(i); setReg(i.reg, s); }
            case Op.XCHG_RR -> {
                getReg(i.reg, s);
                b.lstore(T0);
                getReg(i.rm, s);
                setReg(i.reg, s);
                b.lload(T0);
                setReg(i.rm, s);
            }
            case Op.CMOV_RR -> { getReg(i.rm, s); b.lstore(T1); cmov(i); }
            case Op.CMOV_RM -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T1); cmov(i); });
            case Op.SETCC_R -> { cond(i.sub); b.i2l(); setReg(i.reg, 1); }
            case Op.SETCC_M -> faulting(i, () -> { address(i); cond(i.sub); b.i2l().lstore(T0); store(EA, 1, T0); });
            case Op.CBW -> { getReg(0, s / 2); signExtend(s / 2); setReg(0, s); }
            case Op.CWD -> { getReg(0, s); signExtend(s); b.bipush(63).lshr(); setReg(2, s); }
            case Op.TEST_RR -> { getReg(i.reg, s); getReg(i.rm, s); test(s); }
            case Op.TEST_RI -> { getReg(i.reg, s); b.loadConstant(i.imm); test(s); }
            case Op.TEST_RM -> faulting(i, () -> { address(i); load(EA, s); getReg(i.reg, s); test(s); });
            case Op.TEST_MI -> faulting(i, () -> { address(i); load(EA, s); b.loadConstant(i.imm); test(s); });
            case Op.UNARY_R -> { getReg(i.reg, s); b.lstore(T0); unary(i, false); }
            case Op.UNARY_M -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T0); unary(i, true); });
            case Op.IMUL_RR -> { getReg(i.reg, s); b.lstore(T0); getReg(i.rm, s); b.lstore(T1); imul(i); }
            case Op.IMUL_RRI -> { getReg(i.rm, s); b.lstore(T0); b.loadConstant(i.imm).lstore(T1); imul(i); }
            case Op.IMUL_RM -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T1); getReg(i.reg, s); b.lstore(T0); imul(i); });
            case Op.IMUL_RMI -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T0); b.loadConstant(i.imm).lstore(T1); imul(i); });
            case Op.MULDIV_R -> { getReg(i.reg, s); b.lstore(T1); mulDiv(i); }
            case Op.MULDIV_M -> {
                faulting(i, () -> { address(i); load(EA, s); b.lstore(T1); });
                mulDiv(i);
            }
            case Op.SHL_R, Op.SHR_R, Op.SAR_R -> shift(i);
            case Op.JMP -> { retired(); jump(i.rip, i.imm); }
            case Op.JCC -> {
                retired();
                Label taken = b.newLabel();
                cond(i.sub);
                b.ifne(taken);
                jump(i.rip, i.next);
                b.labelBinding(taken);
                jump(i.rip, i.imm);
                return;
            }
            case Op.JMP_R -> { retired(); b.lload(REG0 + 2 * i.reg); exitDynamic(); return; }
            case Op.CALL -> {
                faulting(i, () -> push(i.next));
                retired();
                jump(i.rip, i.imm);
                return;
            }
            case Op.CALL_R -> {
                b.lload(REG0 + 2 * i.reg).lstore(T2);
                faulting(i, () -> push(i.next));
                retired();
                b.lload(T2);
                exitDynamic();
                return;
            }
            case Op.RET -> { ret(i); return; }
            case Op.PUSH_R -> faulting(i, () -> { getReg(i.reg, 8); b.lstore(T1); pushT1(); });
            case Op.PUSH_I -> faulting(i, () -> push(i.imm));
            case Op.POP_R -> faulting(i, () -> {
                load(REG0 + 2 * 4, 8);
                b.lstore(T1);
                b.lload(REG0 + 8).loadConstant(8L).ladd().lstore(REG0 + 8);
                b.lload(T1);
                setReg(i.reg, 8);
            });
            case Op.LEAVE -> faulting(i, () -> {
                load(REG0 + 2 * 5, 8);
                b.lstore(T1);
                b.lload(REG0 + 10).loadConstant(8L).ladd().lstore(REG0 + 8);
                b.lload(T1).lstore(REG0 + 10);
            });
            default -> alu(i);
        }
        if (i.op == Op.JMP) return;
        retired();
        Long following = plan.insns.higherKey(i.rip);
        if (following == null || following != i.next || !plan.insns.containsKey(i.next)) jump(i.rip, i.next);
    }

    /** Computes the effective address into EA. */
    private void address(Insn i) {
        ea(i);
        b.lstore(EA);
    }

    private void cmov(Insn i) {
        Label no = b.newLabel(), set = b.newLabel();
        cond(i.sub);
        b.ifeq(no);
        b.lload(T1).goto_(set);
        b.labelBinding(no);
        getReg(i.reg, i.size);
        b.labelBinding(set);
        setReg(i.reg, i.size);
    }

    private void test(int s) {
        b.land().lstore(T2);
        b.lconst_0();
        lazyResult(s, T2);
    }

    private void push(long value) {
        b.loadConstant(value).lstore(T1);
        pushT1();
    }

    /** PUSH of T1: the stack is written before RSP moves. */
    private void pushT1() {
        b.lload(REG0 + 8).loadConstant(8L).lsub().lstore(T0);
        store(T0, 8, T1);
        b.lload(T0).lstore(REG0 + 8);
    }

    private void ret(Insn i) {
        faulting(i, () -> {
            load(REG0 + 8, 8);
            b.lstore(T0);
            b.lload(REG0 + 8).loadConstant(8L + i.imm2).ladd().lstore(REG0 + 8);
        });
        retired();
        for (long r : returns) {
            Label miss = b.newLabel();
            b.lload(T0).loadConstant(r).lcmp().ifne(miss);
            jump(i.rip, r);
            b.labelBinding(miss);
        }
        b.lload(T0);
        exitDynamic();
    }

    /** ALU kinds in opcode order, as {@link Op#ALU_RR} lays them out. */
    private static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

    private void alu(Insn i) {
        int form = (i.op - Op.ALU_RR) / 8 * 8 + Op.ALU_RR, k = i.op - form, s = i.size;
        switch (form) {
            case Op.ALU_RR -> { getReg(i.reg, s); b.lstore(T0); getReg(i.rm, s); b.lstore(T1); aluCompute(k, s, i, false); }
            case Op.ALU_RI -> { getReg(i.reg, s); b.lstore(T0); b.loadConstant(i.imm).lstore(T1); aluCompute(k, s, i, false); }
            case Op.ALU_RM -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T1); getReg(i.reg, s); b.lstore(T0); aluCompute(k, s, i, false); });
            case Op.ALU_MR -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T0); getReg(i.reg, s); b.lstore(T1); aluCompute(k, s, i, true); });
            default -> faulting(i, () -> { address(i); load(EA, s); b.lstore(T0); b.loadConstant(i.imm).lstore(T1); aluCompute(k, s, i, true); });
        }
    }

    /** T2 = T0 op T1, written back (register or EA) unless CMP, then the flags recorded. */
    private void aluCompute(int k, int s, Insn i, boolean memory) {
        b.lload(T0).lload(T1);
        switch (k) {
            case ADD -> b.ladd();
            case OR -> b.lor();
            case ADC -> { b.ladd(); carry(); b.ladd(); }
            case SBB -> { b.lsub(); carry(); b.lsub(); }
            case AND -> b.land();
            case XOR -> b.lxor();
            default -> b.lsub();
        }
        b.lstore(T2);
        if (k != CMP) {
            if (memory) {
                store(EA, s, T2);
            } else {
                b.lload(T2);
                setReg(i.reg, s);
            }
        }
        switch (k) {
            case ADD -> lazy(Core.FLAGS_ADD, s);
            case ADC -> lazy(Core.FLAGS_ADC, s);
            case SBB -> lazy(Core.FLAGS_SBB, s);
            case SUB, CMP -> lazy(Core.FLAGS_SUB, s);
            default -> { b.lconst_0(); lazyResult(s, T2); }
        }
    }

    private static final int INC = 0, DEC = 1, NOT = 2;

    /** INC DEC NOT NEG of T0 (a register, or memory at EA). */
    private void unary(Insn i, boolean memory) {
        int k = i.sub, s = i.size;
        b.lload(T0);
        switch (k) {
            case INC -> b.lconst_1().ladd();
            case DEC -> b.lconst_1().lsub();
            case NOT -> b.loadConstant(-1L).lxor();
            default -> b.lneg();
        }
        b.lstore(T2);
        if (k <= DEC) {
            // The new CF/OF/AF bits, computed from the flags before the instruction, kept in T1.
            b.iload(FK).iload(FS).lload(FA).lload(FB).lload(FR).lload(FBITS).invokestatic(CD_FLAGS, "cf", MT_CF);
            b.loadConstant(shiftOf(s)).lload(T0).lload(T2).loadConstant(k == DEC ? 1 : 0)
                    .invokestatic(CD_FLAGS, "incDecBits", MethodTypeDesc.of(CD_long, CD_boolean, CD_int, CD_long, CD_long, CD_boolean));
            b.lstore(T1);
        }
        if (memory) {
            store(EA, s, T2);
        } else {
            b.lload(T2);
            setReg(i.reg, s);
        }
        switch (k) {
            case INC, DEC -> { b.lload(T1); lazyResult(s, T2); }
            case NOT -> { }
            default -> {
                b.lload(T0).lstore(T1).lconst_0().lstore(T0);
                lazy(Core.FLAGS_SUB, s);
            }
        }
    }

    /** Two- and three-operand IMUL of T0 and T1 into the register. */
    private void imul(Insn i) {
        int s = i.size;
        b.lload(T0).lload(T1).loadConstant(s).invokestatic(CD_OPS, "imulTrunc", MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_int));
        setReg(i.reg, s);
        mulFlags(s);
    }

    /** CF = OF = overflow of T0 * T1 (signed, or as {@code signed} says for one-operand MUL). */
    private void mulFlags(int s) {
        flagArgs();
        b.lload(T0).lload(T1).loadConstant(s).invokestatic(CD_OPS, "imulOverflow", MethodTypeDesc.of(CD_boolean, CD_long, CD_long, CD_int));
        b.invokestatic(CD_FLAGS, "mulBits", MT_MULBITS).lstore(FBITS);
        b.loadConstant(Core.FLAGS_NONE).istore(FK);
    }

    private void mulDiv(Insn i) {
        if (i.sub <= 5) mul(i);
        else div(i);
    }

    /**
     * DIV (sub 6) or IDIV (sub 7) of rDX:rAX by T1. Only the common case runs here; a division
     * by zero, an overflow or a 128-bit dividend leaves for the interpreter at this instruction.
     */
    private void div(Insn i) {
        int s = i.size;
        int signed = i.sub == 7 ? 1 : 0;
        MethodTypeDesc mt = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_int, CD_boolean);
        Label fast = b.newLabel();
        b.lload(REG0).lload(REG0 + 4).lload(T1).loadConstant(s).loadConstant(signed)
                .invokestatic(CD_OPS, "divFast", MethodTypeDesc.of(CD_boolean, CD_long, CD_long, CD_long, CD_int, CD_boolean));
        b.ifne(fast);
        exit(i.rip);
        b.labelBinding(fast);
        b.lload(REG0).lload(REG0 + 4).lload(T1).loadConstant(s).loadConstant(signed).invokestatic(CD_OPS, "divQuotient", mt).lstore(T0);
        b.lload(REG0).lload(REG0 + 4).lload(T1).loadConstant(s).loadConstant(signed).invokestatic(CD_OPS, "divRemainder", mt).lstore(T2);
        b.lload(T0);
        setReg(0, s);
        b.lload(T2);
        setReg(2, s);
        flagArgs();
        b.invokestatic(CD_FLAGS, "divBits", MethodTypeDesc.of(CD_long, CD_int, CD_int, CD_long, CD_long, CD_long, CD_long)).lstore(FBITS);
        b.loadConstant(Core.FLAGS_NONE).istore(FK);
    }

    /** One-operand MUL (sub 4) or IMUL (sub 5) of rAX and T1 into rDX:rAX. */
    private void mul(Insn i) {
        int s = i.size;
        int signed = i.sub == 5 ? 1 : 0;
        MethodTypeDesc mt = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_int, CD_boolean);
        getReg(0, s);
        b.lstore(T0);
        b.lload(T0).lload(T1).loadConstant(s).loadConstant(signed).invokestatic(CD_OPS, "mulHigh", mt).lstore(T2);
        b.lload(T0).lload(T1).loadConstant(s).loadConstant(signed).invokestatic(CD_OPS, "mulLow", mt);
        setReg(0, s);
        b.lload(T2);
        setReg(2, s);
        flagArgs();
        b.lload(T0).lload(T1).loadConstant(s).loadConstant(signed)
                .invokestatic(CD_OPS, "mulOverflow", MethodTypeDesc.of(CD_boolean, CD_long, CD_long, CD_int, CD_boolean));
        b.invokestatic(CD_FLAGS, "mulBits", MT_MULBITS).lstore(FBITS);
        b.loadConstant(Core.FLAGS_NONE).istore(FK);
    }

    /** SHL, SHR, SAR of a register by an immediate or CL. A masked count of zero changes no flag. */
    private void shift(Insn i) {
        int s = i.size, mask = s == 8 ? 63 : 31;
        getReg(i.reg, s);
        b.lstore(T0);
        if (i.imm >= 0) {
            int n = (int) i.imm & mask;
            if (n == 0) {
                b.lload(T0);
                setReg(i.reg, s);
                return;
            }
            b.loadConstant((long) n).lstore(T1);
        } else {
            b.lload(REG0 + 2).loadConstant((long) mask).land().lstore(T1);
            Label nonzero = b.newLabel(), done = b.newLabel();
            b.lload(T1).lconst_0().lcmp().ifne(nonzero);
            b.lload(T0);
            setReg(i.reg, s);
            b.goto_(done);
            b.labelBinding(nonzero);
            shiftBy(i);
            b.labelBinding(done);
            return;
        }
        shiftBy(i);
    }

    /** Shifts T0 by the non-zero count in T1. */
    private void shiftBy(Insn i) {
        int s = i.size;
        MethodTypeDesc bits = MethodTypeDesc.of(CD_long, CD_long, CD_int, CD_int);
        switch (i.op) {
            case Op.SHL_R -> {
                b.lload(T0).lload(T1).l2i().lshl().lstore(T2);
                b.lload(T0).lload(T1).l2i().loadConstant(s).invokestatic(CD_OPS, "shlBits", bits);
            }
            case Op.SHR_R -> {
                b.lload(T0).lload(T1).l2i().lushr().lstore(T2);
                b.lload(T0).lload(T1).l2i().loadConstant(s).invokestatic(CD_OPS, "shrBits", bits);
            }
            default -> {
                b.lload(T0).lload(T1).l2i().loadConstant(s).invokestatic(CD_OPS, "sar", bits).lstore(T2);
                b.lload(T0).lload(T1).l2i().loadConstant(s).invokestatic(CD_OPS, "sarBits", bits);
            }
        }
        b.lstore(T1);
        b.lload(T2);
        setReg(i.reg, s);
        b.lload(T1);
        lazyResult(s, T2);
    }
}
