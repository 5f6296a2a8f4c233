package dev.jerla.cpu.diff;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs cases on the host and on Jerla and compares every output bit that the architecture
 * defines: the way the case ended (signal, si_code and address of a SIGSEGV, RIP), the general
 * registers, the status flags and DF, the FXSAVE image and the memory buffer. Not compared: the
 * x87 last-instruction and last-operand pointers and opcode (this AMD host saves them only while
 * an exception is pending), MXCSR_MASK (the host's 0x2FFFF includes AMD's misaligned-SSE mode,
 * which Jerla does not offer), the reserved bytes of the image.
 */
public final class DiffRunner implements AutoCloseable {
    /** The address map shared with cpudiff.c. */
    public static final long CODE_VA = 0x40000000L, DATA_VA = 0x40010000L, STACK_VA = 0x40020000L;

    static final String[] REG_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private static final long FLAGS_COMPARED = 0x8D5 | 0x400;
    private static final boolean[] FX_IGNORED = new boolean[512];

    static {
        for (int i = 6; i < 24; i++) FX_IGNORED[i] = true;
        for (int i = 28; i < 32; i++) FX_IGNORED[i] = true;
        for (int s = 0; s < 8; s++) for (int i = 10; i < 16; i++) FX_IGNORED[32 + 16 * s + i] = true;
        for (int i = 416; i < 512; i++) FX_IGNORED[i] = true;
    }

    private final HostCpu host;
    private final JerlaCpu jerla = new JerlaCpu();
    private final List<String> failures = new ArrayList<>();
    private int runs;

    public DiffRunner() throws IOException, InterruptedException {
        host = new HostCpu();
    }

    /** Runs one case on both; returns null if they agree, else a report of the differences. */
    public String check(DiffCase c) throws IOException {
        runs++;
        DiffResult h = host.run(c);
        DiffResult j = jerla.run(c);
        String d = differences(h, j, c.memIgnored());
        if (d == null) return null;
        String report = c + "\n  differs: " + d + "\n  initial state:\n    " + c.in().toString().replace("\n", "\n    ")
                + "\n  host:  " + h.how() + " rip=" + Long.toHexString(h.rip()) + "\n    " + h.out().toString().replace("\n", "\n    ")
                + "\n  jerla: " + j.how() + " rip=" + Long.toHexString(j.rip()) + "\n    " + j.out().toString().replace("\n", "\n    ");
        failures.add(report);
        return report;
    }

    /** Runs one case on both without comparing: the host's result, then Jerla's. */
    public DiffResult[] runBoth(DiffCase c) throws IOException {
        runs++;
        return new DiffResult[] {host.run(c), jerla.run(c)};
    }

    public int runs() { return runs; }

    public List<String> failures() { return failures; }

    static String differences(DiffResult h, DiffResult j, long memIgnored) {
        StringBuilder d = new StringBuilder();
        if (h.signo() != j.signo()) d.append("ended by ").append(h.how()).append(" vs ").append(j.how()).append("; ");
        else if (h.signo() == DiffResult.SIGSEGV && (h.sicode() != j.sicode() || h.addr() != j.addr())) {
            d.append(h.how()).append(" vs ").append(j.how()).append("; ");
        }
        if (h.rip() != j.rip()) d.append(String.format("rip %x vs %x; ", h.rip(), j.rip()));
        MachineState a = h.out(), b = j.out();
        for (int i = 0; i < 16; i++) {
            if (a.gpr[i] != b.gpr[i]) d.append(String.format("%s %x vs %x; ", REG_NAMES[i], a.gpr[i], b.gpr[i]));
        }
        if (((a.rflags ^ b.rflags) & FLAGS_COMPARED) != 0) {
            d.append(String.format("rflags %x vs %x; ", a.rflags & FLAGS_COMPARED, b.rflags & FLAGS_COMPARED));
        }
        for (int i = 0; i < 512; i++) {
            if (!FX_IGNORED[i] && a.fx[i] != b.fx[i]) {
                d.append(fxField(i)).append("; ");
                // One entry per field is enough.
                i = fxFieldEnd(i) - 1;
            }
        }
        for (int i = 0; i < 16; i++) {
            if (a.ymmHi(i, 0) != b.ymmHi(i, 0) || a.ymmHi(i, 1) != b.ymmHi(i, 1)) d.append("ymm").append(i).append(" high; ");
        }
        for (int i = 0; i < 64; i++) {
            if (a.mem[i] != b.mem[i] && (memIgnored >>> i & 1) == 0) {
                d.append(String.format("mem[%d..] differs; ", i));
                break;
            }
        }
        return d.isEmpty() ? null : d.toString();
    }

    private static String fxField(int i) {
        if (i < 2) return "fcw";
        if (i < 4) return "fsw";
        if (i < 6) return "ftw";
        if (i < 28) return "mxcsr";
        if (i < 160) return "st" + (i - 32) / 16;
        return "xmm" + (i - 160) / 16;
    }

    private static int fxFieldEnd(int i) {
        if (i < 2) return 2;
        if (i < 4) return 4;
        if (i < 6) return 6;
        if (i < 28) return 28;
        if (i < 160) return 32 + 16 * ((i - 32) / 16 + 1);
        return 160 + 16 * ((i - 160) / 16 + 1);
    }

    @Override
    public void close() throws IOException {
        host.close();
    }
}
