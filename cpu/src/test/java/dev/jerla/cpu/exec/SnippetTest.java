package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential instruction test with the host CPU as the oracle. Every line of snippets.txt is
 * a short piece of assembly; the test assembles all of them into one native program
 * (snippet_harness.c), runs each with several random register and flag states on the host and
 * under Jerla, and compares registers, status flags, DF, the data pages and the way the snippet
 * ended (INT3, #DE, #UD, #GP, page fault with address). A mismatch is reported with the
 * snippet's text (its disassembly), its bytes and the initial state.
 */
class SnippetTest {
    static final long BUF = 0x10000000L;
    static final int BUF_SIZE = 0x2000;
    static final long CODE = 0x20000000L;
    static final int STATES_PER_SNIPPET = 8;

    private static final String[] REG_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final long[] EDGES = {0, 1, 2, 3, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, -1, -2, 0x7F, 0x80, 0xFF,
            0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000L, 0xFFFFFFFFL, 0x100000000L,
            Long.MAX_VALUE, Long.MIN_VALUE, 0x8000000000000001L, 0xFFFFFFFF80000000L, 0x0000000100000001L};

    record Case(int snippet, long[] regs, long rflags) {}

    static byte pattern(int k) {
        return (byte) (k * 131 + (k >> 8) * 17 + 5);
    }

    static long interesting(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1 -> EDGES[r.nextInt(EDGES.length)];
            case 2 -> r.nextInt(256);
            case 3 -> r.nextLong() >> r.nextInt(64);
            case 4 -> r.nextInt();
            case 5 -> r.nextInt() & 0xFFFFFFFFL;
            case 6 -> EDGES[r.nextInt(EDGES.length)] ^ (r.nextLong() << 32);
            default -> r.nextLong();
        };
    }

    /** Pointer registers aim into the data pages; r8 and r9 are small indexes; the rest are arbitrary. */
    static long[] randomState(Random r) {
        long[] g = new long[17];
        for (int k = 0; k < 16; k++) g[k] = interesting(r);
        g[3] = BUF + 0x800;              // rbx
        g[4] = BUF + 0x1800;             // rsp
        g[5] = BUF + 0x1000;             // rbp
        g[6] = BUF + 0x400;              // rsi
        g[7] = BUF + 0xC00;              // rdi
        g[8] = r.nextInt(64);            // r8
        g[9] = -1 - r.nextInt(64);       // r9
        g[12] = BUF + 0x100;             // r12
        long flags = 0;
        for (long f : new long[] {Flags.CF, Flags.PF, Flags.AF, Flags.ZF, Flags.SF, Flags.OF}) {
            if (r.nextBoolean()) flags |= f;
        }
        if (r.nextInt(4) == 0) flags |= Flags.DF;
        g[16] = flags | 2;
        return g;
    }

    @Test
    void instructionsMatchHost() throws Exception {
        List<String> snippets = new ArrayList<>();
        List<Integer> stateCounts = new ArrayList<>();
        for (String line : HostTools.resourceLines("snippets.txt")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            int n = STATES_PER_SNIPPET;
            if (s.startsWith("@")) {
                int sp = s.indexOf(' ');
                n = Integer.parseInt(s.substring(1, sp));
                s = s.substring(sp + 1).strip();
            }
            snippets.add(s);
            stateCounts.add(n);
        }
        List<Case> cases = new ArrayList<>();
        for (int s = 0; s < snippets.size(); s++) {
            Random r = new Random(snippets.get(s).hashCode() * 31L + s);
            for (int j = 0; j < stateCounts.get(s); j++) {
                long[] g = randomState(r);
                cases.add(new Case(s, g, g[16]));
            }
        }

        Path dir = Files.createTempDirectory("jerla-snippets");
        StringBuilder asm = new StringBuilder();
        asm.append(".section .snip,\"ax\",@progbits\n");
        for (int s = 0; s < snippets.size(); s++) {
            asm.append(".balign 16\nsnip_").append(s).append(":\n");
            asm.append(snippets.get(s)).append('\n');
            asm.append("snip_end_").append(s).append(":\n  int3\n");
        }
        asm.append(".section .rodata\n.balign 8\n.globl case_count\ncase_count: .quad ").append(cases.size()).append('\n');
        asm.append(".globl case_code\ncase_code:\n");
        for (Case c : cases) asm.append("  .quad snip_").append(c.snippet).append('\n');
        asm.append(".globl case_end\ncase_end:\n");
        for (Case c : cases) asm.append("  .quad snip_end_").append(c.snippet).append('\n');
        asm.append(".globl case_states\ncase_states:\n");
        for (Case c : cases) {
            asm.append("  .quad ");
            for (int k = 0; k < 17; k++) asm.append(k == 0 ? "" : ",").append(c.regs[k]);
            asm.append('\n');
        }
        Files.writeString(dir.resolve("cases.S"), asm);
        HostTools.resource(dir, "snippet_harness.c");
        HostTools.run(dir, "gcc", "-static", "-O1", "-o", "harness", "snippet_harness.c", "cases.S",
                "-Wl,--section-start=.snip=" + Long.toHexString(CODE));
        HostTools.run(dir, "objcopy", "-O", "binary", "--only-section=.snip", "harness", "snip.bin");
        byte[] code = Files.readAllBytes(dir.resolve("snip.bin"));
        long[] starts = new long[snippets.size()], ends = new long[snippets.size()];
        for (String line : HostTools.run(dir, "nm", "harness").out().split("\n")) {
            String[] f = line.split(" ");
            if (f.length != 3) continue;
            if (f[2].startsWith("snip_end_")) ends[Integer.parseInt(f[2].substring(9))] = Long.parseLong(f[0], 16);
            else if (f[2].startsWith("snip_")) starts[Integer.parseInt(f[2].substring(5))] = Long.parseLong(f[0], 16);
        }
        String[] lines = HostTools.run(dir, "./harness").out().split("\n");
        if (lines.length != cases.size()) fail("harness printed " + lines.length + " lines for " + cases.size() + " cases");

        Machine m = new Machine(code);
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            Observed expected = Observed.parseNative(lines[k].split(" "));
            Observed actual = m.run(c, starts[c.snippet]);
            if (!expected.equals(actual)) {
                failures.add("case " + k + ": " + snippets.get(c.snippet) + "\n  bytes: "
                        + bytesOf(code, starts[c.snippet], ends[c.snippet])
                        + "\n  initial: " + stateString(c.regs) + "\n" + expected.diff(actual));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cases.size() + " cases differ from the host:\n"
                    + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
    }

    static String bytesOf(byte[] code, long start, long end) {
        if (start < CODE || end > CODE + code.length || end < start) return "?";
        return HexFormat.ofDelimiter(" ").formatHex(code, (int) (start - CODE), (int) (end - CODE));
    }

    static String stateString(long[] g) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 16; k++) sb.append(REG_NAMES[k]).append('=').append(Long.toHexString(g[k])).append(' ');
        return sb.append("rflags=").append(Long.toHexString(g[16])).toString();
    }

    /** How a case ended: signal number, code and address (as Linux would report them), RIP, registers, flags, memory. */
    record Observed(int signo, int sicode, long addr, long rip, long[] regs, long rflags, TreeMap<Integer, Integer> mem) {
        static Observed parseNative(String[] f) {
            int signo = Integer.parseInt(f[1], 16);
            int sicode = Integer.parseInt(f[2], 16);
            long rip = Long.parseUnsignedLong(f[3], 16);
            long addr = Long.parseUnsignedLong(f[4], 16);
            long[] regs = new long[16];
            for (int k = 0; k < 16; k++) regs[k] = Long.parseUnsignedLong(f[5 + k], 16);
            long rflags = Long.parseUnsignedLong(f[21], 16);
            TreeMap<Integer, Integer> mem = new TreeMap<>();
            for (int k = 22; k < f.length; k++) {
                String[] kv = f[k].split(":");
                mem.put(Integer.parseInt(kv[0], 16), Integer.parseInt(kv[1], 16));
            }
            // Only page faults have a meaningful address.
            boolean pageFault = signo == 11 && (sicode == 1 || sicode == 2);
            return new Observed(signo, sicode, pageFault ? addr : 0, rip, regs, rflags, mem);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Observed x && signo == x.signo && sicode == x.sicode && addr == x.addr && rip == x.rip
                    && java.util.Arrays.equals(regs, x.regs) && rflags == x.rflags && mem.equals(x.mem);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(signo, rip);
        }

        String diff(Observed a) {
            StringBuilder sb = new StringBuilder();
            if (signo != a.signo || sicode != a.sicode || addr != a.addr) {
                sb.append(String.format("  end: host signal %d code %x addr %x, jerla signal %d code %x addr %x%n",
                        signo, sicode, addr, a.signo, a.sicode, a.addr));
            }
            if (rip != a.rip) sb.append(String.format("  rip: host %x jerla %x%n", rip, a.rip));
            for (int k = 0; k < 16; k++) {
                if (regs[k] != a.regs[k]) {
                    sb.append(String.format("  %s: host %x jerla %x%n", REG_NAMES[k], regs[k], a.regs[k]));
                }
            }
            if (rflags != a.rflags) sb.append(String.format("  rflags: host %x jerla %x%n", rflags, a.rflags));
            if (!mem.equals(a.mem)) sb.append("  memory changes: host ").append(mem).append(" jerla ").append(a.mem).append('\n');
            return sb.toString();
        }
    }

    /** Jerla's side: the same address map (code, two data pages, a guard page) and one CPU. */
    static final class Machine {
        final AddressSpace as = new AddressSpace();
        final Cpu cpu;
        final byte[] fresh = new byte[BUF_SIZE];

        Machine(byte[] code) {
            as.mapAnonymous(BUF, BUF_SIZE, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
            as.mapAnonymous(BUF + BUF_SIZE, 4096, 0);
            long codeLen = (code.length + 4095) & ~4095L;
            as.mapAnonymous(CODE, codeLen, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
            as.copyOut(CODE, code, 0, code.length);
            as.protect(CODE, codeLen, AddressSpace.PROT_READ | AddressSpace.PROT_EXEC);
            for (int k = 0; k < BUF_SIZE; k++) fresh[k] = pattern(k);
            cpu = new Cpu(new Mmu(as));
        }

        Observed run(Case c, long start) {
            as.copyOut(BUF, fresh, 0, BUF_SIZE);
            for (int k = 0; k < 16; k++) cpu.setReg(k, c.regs[k]);
            cpu.setRflags(c.rflags);
            cpu.setRip(start);
            cpu.clearInterrupt();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(5000);
                    cpu.requestInterrupt();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int trap = cpu.run();
            watchdog.interrupt();
            int signo, sicode = 0;
            long addr = 0;
            switch (trap) {
                case Trap.BREAKPOINT -> { signo = 5; sicode = 0x80; }
                case Trap.PAGE_FAULT -> { signo = 11; sicode = cpu.faultProtection() ? 2 : 1; addr = cpu.faultAddress(); }
                case Trap.GENERAL_PROTECTION, Trap.HALT -> { signo = 11; sicode = 0x80; }
                case Trap.INVALID_OPCODE -> { signo = 4; sicode = 2; }
                case Trap.DIVIDE_ERROR -> { signo = 8; sicode = 1; }
                default -> { signo = 100 + trap; }
            }
            long[] regs = new long[16];
            for (int k = 0; k < 16; k++) regs[k] = cpu.reg(k);
            byte[] now = new byte[BUF_SIZE];
            as.copyIn(BUF, now, 0, BUF_SIZE);
            TreeMap<Integer, Integer> mem = new TreeMap<>();
            for (int k = 0; k < BUF_SIZE; k++) {
                if (now[k] != fresh[k]) mem.put(k, now[k] & 0xFF);
            }
            return new Observed(signo, sicode, addr, cpu.rip(), regs, cpu.rflags() & 0xCD5, mem);
        }
    }
}
