package dev.jerla.cpu.jit;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.exec.HostTools;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiled code against the interpreter on random programs: loops of random integer
 * instructions (ALU, shifts, multiplies, moves, loads and stores, conditional moves and jumps,
 * push and pop, calls) mixed with instructions compiled code hands to the interpreter (bit
 * operations, rotates, SSE, LOCK operations), some of whose memory operands run off the mapped data and fault in the
 * middle of a region. Each program runs once in the interpreter alone and once with every
 * region it enters compiled; registers, status flags, RIP, the trap and the data must agree.
 */
class JitDiffTest {
    static final long CODE = 0x400000L, DATA = 0x600000L;
    static final int DATA_SIZE = 0x4000;
    /** The loop head: after the 7-byte "mov $n, %r15". */
    static final long LOOP = CODE + 7;
    private static final String[] R64 = {"rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r13", "r14"};
    private static final String[] R32 = {"eax", "ecx", "edx", "r8d", "r9d", "r10d", "r11d", "r13d", "r14d"};
    private static final String[] R16 = {"ax", "cx", "dx", "r8w", "r9w", "r10w", "r11w", "r13w", "r14w"};
    private static final String[] R8 = {"al", "cl", "dl", "r8b", "r9b", "r10b", "r11b", "r13b", "r14b", "ah", "ch", "dh"};
    private static final String[] PTR = {"rbx", "rbp", "rsi", "rdi", "r12"};
    private static final String[] ALU = {"add", "sub", "and", "or", "xor", "cmp", "adc", "sbb"};
    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** A register operand of {@code size} bytes; 8-bit high registers only without REX registers. */
    private static String reg(Random r, int size) {
        return "%" + switch (size) {
            case 8 -> pick(r, R64);
            case 4 -> pick(r, R32);
            case 2 -> pick(r, R16);
            default -> R8[r.nextInt(3) == 0 ? 9 + r.nextInt(3) : r.nextInt(3)];
        };
    }

    private static String suffix(int size) {
        return switch (size) { case 8 -> "q"; case 4 -> "l"; case 2 -> "w"; default -> "b"; };
    }

    /** A memory operand: mostly inside the data pages, sometimes past their end (a fault). */
    private static String mem(Random r) {
        int off = r.nextInt(20) == 0 ? 0x5000 + r.nextInt(0x100) : r.nextInt(0x200) - 0x100;
        return off + "(%" + pick(r, PTR) + ")";
    }

    private static String imm(Random r) {
        return "$" + switch (r.nextInt(4)) {
            case 0 -> r.nextInt(3);
            case 1 -> r.nextInt(256) - 128;
            default -> r.nextInt();
        };
    }

    private static String insn(Random r, int label) {
        int size = new int[] {8, 8, 4, 4, 2, 1}[r.nextInt(6)];
        String s = suffix(size);
        String a = reg(r, size), b2 = size == 1 && a.endsWith("h") ? "%" + R8[r.nextInt(3)] : reg(r, size);
        if (size == 1 && (a.endsWith("h") || b2.endsWith("h"))) {
            // AH..BH cannot be used with a REX prefix: keep both operands legacy registers.
            a = "%" + R8[r.nextInt(3)];
            b2 = "%" + (r.nextBoolean() ? R8[9 + r.nextInt(3)] : R8[r.nextInt(3)]);
        }
        return switch (r.nextInt(29)) {
            case 0, 1, 2 -> pick(r, ALU) + s + " " + b2 + ", " + a;
            case 3, 4 -> pick(r, ALU) + s + " " + imm(r) + ", " + a;
            case 5 -> pick(r, ALU) + s + " " + mem(r) + ", " + a;
            case 6 -> pick(r, ALU) + s + " " + a + ", " + mem(r);
            case 7 -> "test" + s + " " + b2 + ", " + a;
            case 8 -> new String[] {"inc", "dec", "neg", "not"}[r.nextInt(4)] + s + " " + (r.nextInt(4) == 0 ? mem(r) : a);
            case 9 -> size == 1 ? "imulq %rcx, %rax" : "imul" + s + " " + b2 + ", " + a;
            case 10 -> size == 1 ? "imulq $7, %rdx, %rax" : "imul" + s + " " + imm(r) + ", " + b2 + ", " + a;
            case 11 -> (r.nextBoolean() ? "mul" : "imul") + (size == 1 ? "q" : s) + " " + reg(r, size == 1 ? 8 : size);
            case 12 -> new String[] {"shl", "shr", "sar"}[r.nextInt(3)] + s + " " + (r.nextBoolean() ? "%cl" : "$" + r.nextInt(70)) + ", " + a;
            case 13 -> "mov" + s + " " + mem(r) + ", " + a;
            case 14 -> "mov" + s + " " + a + ", " + mem(r);
            case 15 -> size >= 4 ? "movzbl " + reg(r, 1).replace("%ah", "%al").replace("%ch", "%cl").replace("%dh", "%dl") + ", " + reg(r, 4)
                    : "movsbq " + mem(r) + ", " + reg(r, 8);
            case 16 -> "lea" + (size == 8 ? "q " : "l ") + (r.nextInt(200) - 100) + "(%" + pick(r, R64) + ",%" + pick(r, R64) + "," + (1 << r.nextInt(4)) + "), " + reg(r, size == 8 ? 8 : 4);
            case 17 -> "cmov" + pick(r, CC) + (size == 1 ? "q" : s) + " " + (r.nextBoolean() ? mem(r) : reg(r, size == 1 ? 8 : size)) + ", " + reg(r, size == 1 ? 8 : size);
            case 18 -> "set" + pick(r, CC) + " " + (r.nextInt(3) == 0 ? mem(r) : reg(r, 1));
            case 19 -> "j" + pick(r, CC) + " 1f\n" + "add" + s + " " + imm(r) + ", " + a + "\n1:";
            case 20 -> "push %" + pick(r, R64) + "\npop %" + pick(r, R64);
            case 21 -> new String[] {"cltq", "cqto", "cwtl", "cltd", "xchg %rax, %rcx", "movslq %ecx, %rdx"}[r.nextInt(6)];
            case 22 -> "call f" + label;
            case 23 -> (new String[] {"xor %edx, %edx\ndivq ", "cqto\nidivq ", "xor %edx, %edx\ndivl ", "cltd\nidivl ", "divq ", "idivl "}[r.nextInt(6)]
                    + (r.nextBoolean() ? "%r" + (8 + r.nextInt(4)) : "%rcx")).replace("divl %rcx", "divl %ecx").replaceAll("divl %r(\\d+)", "divl %r$1d");
            // Instructions compiled code hands to the interpreter (call-outs): bit operations, rotates,
            // SSE (some through memory that may fault), LOCK and XCHG with memory.
            case 25 -> size == 1 ? new String[] {"rol", "ror", "rcl", "rcr"}[r.nextInt(4)] + "b $" + r.nextInt(9) + ", " + a
                    : new String[] {"bt", "bts", "btr", "btc"}[r.nextInt(4)] + s + " " + (r.nextBoolean() ? b2 : "$" + r.nextInt(64)) + ", " + a;
            case 26 -> size == 1 ? "popcntq %rcx, %rdx" : new String[] {"bsf", "bsr", "popcnt"}[r.nextInt(3)] + s + " " + b2 + ", " + a;
            case 27 -> switch (r.nextInt(3)) {
                case 0 -> "movq %" + pick(r, R64) + ", %xmm0\npaddq %xmm0, %xmm1\npshufd $0x4e, %xmm1, %xmm2\nmovq %xmm2, %" + pick(r, R64);
                case 1 -> "movdqu " + mem(r) + ", %xmm3\npxor %xmm3, %xmm1\nmovq %xmm1, %" + pick(r, R64);
                default -> "movq %xmm1, " + mem(r);
            };
            case 28 -> r.nextBoolean() ? "lock " + new String[] {"add", "xadd", "or"}[r.nextInt(3)] + s + " " + a + ", " + mem(r)
                    : "xchg" + s + " " + a + ", " + mem(r);
            default -> "movq " + imm(r) + ", " + reg(r, 8);
        };
    }

    /** A loop of random instructions run {@code iterations} times, then INT3; functions after it. */
    static String program(Random r, int iterations) {
        StringBuilder sb = new StringBuilder("mov $" + iterations + ", %r15\n0:\n");
        List<Integer> calls = new ArrayList<>();
        int n = 4 + r.nextInt(24);
        for (int k = 0; k < n; k++) {
            String in = insn(r, calls.size());
            if (in.startsWith("call")) calls.add(calls.size());
            sb.append(in).append('\n');
        }
        sb.append("dec %r15\njnz 0b\nint3\n");
        for (int f : calls) {
            sb.append("f").append(f).append(":\n").append(insn(r, -1).replace("call f-1", "nop")).append("\nret\n");
        }
        return sb.toString();
    }

    static byte[] assemble(Path dir, String code) throws Exception {
        Files.writeString(dir.resolve("a.s"), ".text\n" + code + "\n");
        HostTools.run(dir, "as", "--64", "-o", "a.o", "a.s");
        HostTools.run(dir, "objcopy", "-O", "binary", "--only-section=.text", "a.o", "a.bin");
        return Files.readAllBytes(dir.resolve("a.bin"));
    }

    record Outcome(int trap, long rip, long[] regs, long flags, long faultAddress, byte[] data, long retired) {
        String describe() {
            StringBuilder sb = new StringBuilder("trap " + trap + " rip " + Long.toHexString(rip) + " flags " + Long.toHexString(flags)
                    + " fault " + Long.toHexString(faultAddress) + " retired " + retired + "\n");
            for (int k = 0; k < 16; k++) sb.append(" r").append(k).append('=').append(Long.toHexString(regs[k]));
            return sb.toString();
        }
    }

    /** The reference: the interpreter alone. */
    static Cpu machine(byte[] code, long[] regs, long flags) {
        return withJit("false", "0", () -> newMachine(code, regs, flags));
    }

    private static Cpu newMachine(byte[] code, long[] regs, long flags) {
        AddressSpace as = new AddressSpace();
        as.mapAnonymous(CODE, 0x2000, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        as.copyOut(CODE, code, 0, code.length);
        as.protect(CODE, 0x2000, AddressSpace.PROT_READ | AddressSpace.PROT_EXEC);
        as.mapAnonymous(DATA, DATA_SIZE, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        byte[] pattern = new byte[DATA_SIZE];
        for (int k = 0; k < DATA_SIZE; k++) pattern[k] = (byte) (k * 131 + 7);
        as.copyOut(DATA, pattern, 0, DATA_SIZE);
        Cpu cpu = new Cpu(new Mmu(as));
        for (int k = 0; k < 16; k++) cpu.setReg(k, regs[k]);
        cpu.setRflags(flags);
        cpu.setRip(CODE);
        return cpu;
    }

    static Outcome outcome(Cpu cpu, int trap) {
        long[] regs = new long[16];
        for (int k = 0; k < 16; k++) regs[k] = cpu.reg(k);
        byte[] data = new byte[DATA_SIZE];
        cpu.mmu().addressSpace().copyIn(DATA, data, 0, DATA_SIZE);
        return new Outcome(trap, cpu.rip(), regs, cpu.rflags(), trap == Trap.PAGE_FAULT ? cpu.faultAddress() : 0, data,
                cpu.instructionsRetired());
    }

    /** Runs with the JIT on and a low threshold, so the loop is compiled after a few iterations. */
    static Cpu jitMachine(byte[] code, long[] regs, long flags) {
        return withJit("true", "3", () -> newMachine(code, regs, flags));
    }

    /** A Cpu made while the JIT properties say {@code on} and {@code threshold} (read when its core starts). */
    private static Cpu withJit(String on, String threshold, java.util.function.Supplier<Cpu> make) {
        String old = System.getProperty("jerla.jit"), oldThreshold = System.getProperty("jerla.jit.threshold");
        System.setProperty("jerla.jit", on);
        System.setProperty("jerla.jit.threshold", threshold);
        try {
            return make.get();
        } finally {
            restore("jerla.jit", old);
            restore("jerla.jit.threshold", oldThreshold);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    /** Runs until a trap other than an interrupt; the compiler thread may take a moment to deliver. */
    static int runToTrap(Cpu cpu) {
        while (true) {
            int t = cpu.run();
            if (t != Trap.INTERRUPT) return t;
            cpu.clearInterrupt();
        }
    }

    static long[] randomRegs(Random r) {
        long[] g = new long[16];
        for (int k = 0; k < 16; k++) g[k] = r.nextInt(4) == 0 ? r.nextInt(100) : r.nextLong() >> r.nextInt(64);
        g[3] = DATA + 0x800;
        g[4] = DATA + 0x3000;
        g[5] = DATA + 0x1000;
        g[6] = DATA + 0x400;
        g[7] = DATA + 0x1C00;
        g[12] = DATA + 0x2000;
        return g;
    }

    @Test
    void randomLoopsMatchTheInterpreter() throws Exception {
        Path dir = Files.createTempDirectory("jerla-jit");
        Random r = new Random(11);
        int compiled = 0;
        for (int n = 0; n < 60; n++) {
            String src = program(r, 30 + r.nextInt(40));
            byte[] code = assemble(dir, src);
            for (int st = 0; st < 3; st++) {
                long[] regs = randomRegs(r);
                long flags = 2 | (r.nextLong() & 0x8D5);
                Cpu ref = machine(code, regs, flags);
                Outcome want = outcome(ref, runToTrap(ref));
                Cpu jit = jitMachine(code, regs, flags);
                // Compile synchronously, so the loop certainly runs compiled code.
                AddressSpace as = jit.mmu().addressSpace();
                RegionPlan plan = RegionPlan.form(jit.mmu(), LOOP, RegionPlan.MAX_INSNS, rip -> true);
                if (plan != null) {
                    Object region = Compiler.compile(plan);
                    assertTrue(region instanceof CompiledRegion, "compiled");
                    SharedRegions shared = SharedRegions.of(as);
                    shared.sync(as.generation());
                    shared.install(LOOP, as.generation(), region);
                    compiled++;
                }
                Outcome got = outcome(jit, runToTrap(jit));
                if (want.trap != got.trap || want.rip != got.rip || !Arrays.equals(want.regs, got.regs) || want.flags != got.flags
                        || want.faultAddress != got.faultAddress || want.retired != got.retired || !Arrays.equals(want.data, got.data)) {
                    fail("program:\n" + src + "\ninitial " + Arrays.toString(regs) + " flags " + Long.toHexString(flags)
                            + "\ninterpreter: " + want.describe() + "\njit:         " + got.describe()
                            + (Arrays.equals(want.data, got.data) ? "" : "\n(data differs)"));
                }
            }
        }
        assertTrue(compiled > 100, "regions compiled: " + compiled);
    }

    /** A compiled endless loop must still stop for an interrupt request (how signals and kill -9 arrive). */
    @Test
    void compiledLoopStopsForAnInterrupt() throws Exception {
        Path dir = Files.createTempDirectory("jerla-jit");
        byte[] code = assemble(dir, "mov $0, %r15\n0:\nadd $1, %rax\nmovq %rax, (%rbx)\njmp 0b");
        long[] regs = new long[16];
        regs[3] = DATA;
        Cpu cpu = jitMachine(code, regs, 2);
        AddressSpace as = cpu.mmu().addressSpace();
        Object region = Compiler.compile(RegionPlan.form(cpu.mmu(), LOOP, RegionPlan.MAX_INSNS, rip -> true));
        assertTrue(region instanceof CompiledRegion, "compiled");
        SharedRegions shared = SharedRegions.of(as);
        shared.sync(as.generation());
        shared.install(LOOP, as.generation(), region);
        int[] trap = {-1};
        Thread t = Thread.ofPlatform().start(() -> trap[0] = cpu.run());
        Thread.sleep(300);
        long asked = System.nanoTime();
        cpu.requestInterrupt();
        t.join(5000);
        assertEquals(Trap.INTERRUPT, trap[0]);
        assertTrue(System.nanoTime() - asked < 1_000_000_000L, "stopped within a second");
        assertEquals(LOOP, cpu.rip());
        assertTrue(cpu.reg(Cpu.RAX) > 10_000, "ran compiled: " + cpu.reg(Cpu.RAX));
        byte[] stored = new byte[8];
        as.copyIn(DATA, stored, 0, 8);
        assertEquals(cpu.reg(Cpu.RAX), java.nio.ByteBuffer.wrap(stored).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
    }

    /**
     * BusyBox's multi-word division loop (from its number formatting): DIV with a non-zero rDX
     * leaves compiled code for the interpreter in the middle of a loop. This printed only the
     * first 1860 numbers of "seq 1 5000" once.
     */
    @Test
    void multiWordDivisionLoop() throws Exception {
        Path dir = Files.createTempDirectory("jerla-jit");
        String src = """
                mov $0, %r15
                0:
                mov %r15, %rdi
                sub $2, %rdi
                js 2f
                lea -2(%r11,%r15,1), %rax
                lea (%r10,%rax,8), %r8
                1:
                mov (%rsi,%rdi,8), %rax
                sub $1, %rdi
                sub $8, %r8
                div %rcx
                mov %rax, 8(%r8)
                cmp $-1, %rdi
                jne 1b
                2:
                mov %rdx, (%rsi)
                sub $1, %r14
                jnz 0b
                int3
                """;
        byte[] code = assemble(dir, src);
        Random r = new Random(5);
        for (int n = 0; n < 40; n++) {
            long[] regs = randomRegs(r);
            regs[1] = 3 + r.nextInt(1000);       // rcx: divisor
            regs[2] = r.nextInt(3);              // rdx: first high word
            regs[10] = DATA + 0x2000;            // r10: quotient words
            regs[11] = r.nextInt(3);
            regs[14] = 1 + r.nextInt(n < 36 ? 3000 : 300_000); // outer iterations: the last runs are long enough for C2
            regs[15] = 2 + r.nextInt(8);         // words
            Cpu ref = machine(code, regs, 2);
            Outcome want = outcome(ref, runToTrap(ref));
            Cpu jit = jitMachine(code, regs, 2);
            Outcome got = outcome(jit, runToTrap(jit));
            assertEquals(want.describe(), got.describe(), src);
            assertTrue(Arrays.equals(want.data, got.data), "data");
        }
    }

    /**
     * A region whose first instruction is a DIV it leaves to the interpreter (rDX is not zero)
     * returns at its own entry; the interpreter must then run the block. This once spun forever
     * in BusyBox's number formatting ("seq 1 5000" stopped after 1860).
     */
    @Test
    void regionThatLeavesAtItsEntryMakesProgress() throws Exception {
        Path dir = Files.createTempDirectory("jerla-jit");
        byte[] code = assemble(dir, "mov $0, %r15\n0:\ndiv %rcx\nmov $2, %edx\nsub $1, %r14\njnz 0b\nint3");
        long[] regs = new long[16];
        regs[0] = 0x2800000000000000L;
        regs[1] = 0xfa00000000000000L;
        regs[2] = 2;
        regs[14] = 100;
        Cpu ref = machine(code, regs, 2);
        Outcome want = outcome(ref, runToTrap(ref));
        Cpu cpu = jitMachine(code, regs, 2);
        AddressSpace as = cpu.mmu().addressSpace();
        Object region = Compiler.compile(RegionPlan.form(cpu.mmu(), LOOP, RegionPlan.MAX_INSNS, rip -> true));
        assertTrue(region instanceof CompiledRegion, "compiled");
        SharedRegions shared = SharedRegions.of(as);
        shared.sync(as.generation());
        shared.install(LOOP, as.generation(), region);
        int[] trap = {-1};
        Thread t = Thread.ofPlatform().daemon().start(() -> trap[0] = runToTrap(cpu));
        t.join(10_000);
        if (t.isAlive()) {
            cpu.requestInterrupt();
            fail("no progress: rip " + Long.toHexString(cpu.rip()));
        }
        assertEquals(want.describe(), outcome(cpu, trap[0]).describe());
    }
}
