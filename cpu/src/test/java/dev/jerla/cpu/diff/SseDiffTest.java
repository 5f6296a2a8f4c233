package dev.jerla.cpu.diff;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * SSE, SSE2, SSE3, MMX (sse.txt), SSSE3, SSE4.1, SSE4.2 (sse4.txt) against the host processor:
 * every form with random
 * operands (edge values, every rounding mode, FTZ/DAZ, unmasked exceptions, misaligned memory),
 * run through Cpu.run(). The system property jerla.diff.cases sets the cases per form (default
 * 40, seconds); jerla.diff.seed the seed.
 */
class SseDiffTest {
    static List<InsnTemplate> templates(String resource) throws IOException {
        try (InputStream in = SseDiffTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing " + resource);
            return InsnTemplate.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static void runAll(List<InsnTemplate> forms, int defaultCases) throws Exception {
        int perForm = Integer.getInteger("jerla.diff.cases", defaultCases);
        long seed = Long.getLong("jerla.diff.seed", 20250101L);
        String only = System.getProperty("jerla.diff.only");
        StringBuilder report = new StringBuilder();
        int failed = 0, shown = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (InsnTemplate t : forms) {
                if (only != null && !t.name().matches(only)) continue;
                Values v = new Values(seed ^ t.name().hashCode());
                int bad = 0;
                for (int i = 0; i < perForm; i++) {
                    DiffCase c = t.randomCase(v);
                    if (t.name().equals("ldmxcsr")) {
                        // Bit 17 is AMD's misaligned-SSE mode: the host accepts it, Jerla (like Intel) raises #GP.
                        c.in().mem[2] &= ~2;
                    }
                    String d = runner.check(c);
                    if (d != null) {
                        if (bad++ < 2 && shown++ < 40) report.append(d).append("\n\n");
                    }
                }
                if (bad > 0) {
                    failed++;
                    report.append("== ").append(t.name()).append(": ").append(bad).append(" of ").append(perForm).append(" differ\n\n");
                }
            }
            if (failed > 0) fail(failed + " forms differ from the host (" + runner.runs() + " cases run)\n" + report);
        }
    }

    @Test
    void sseFormsMatchTheHost() throws Exception {
        runAll(templates("sse.txt"), 40);
    }

    @Test
    void sse4FormsMatchTheHost() throws Exception {
        runAll(templates("sse4.txt"), 40);
    }

    /**
     * FXSAVE and FXRSTOR, with and without REX.W. The 512-byte image is seen through the
     * 64-byte buffer: RBX points 64 * k bytes before it, so each case checks one window k of the
     * image (MXCSR_MASK, in window 0, is not compared: see DiffRunner).
     */
    @Test
    void fxsaveAndFxrstorMatchTheHost() throws Exception {
        int perForm = Integer.getInteger("jerla.diff.cases", 40) * 4;
        InsnTemplate save = InsnTemplate.parse("fxsave NP 0FAE/0 - m I64 W?");
        InsnTemplate restore = InsnTemplate.parse("fxrstor NP 0FAE/1 - m I64 W?");
        Values v = new Values(Long.getLong("jerla.diff.seed", 20250101L));
        StringBuilder report = new StringBuilder();
        int bad = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (int i = 0; i < perForm; i++) {
                boolean isSave = i % 2 == 0;
                DiffCase t = (isSave ? save : restore).randomCase(v);
                int window = v.nextInt(7);
                int memOff = 0x200;
                MachineState s = t.in();
                long rbx = DiffRunner.DATA_VA + memOff - 64L * window;
                if (v.chance(5)) rbx += 8;
                s.gpr[3] = rbx;
                // The instruction bytes with a plain [rbx] operand.
                byte[] code = isSave ? save.encode(t.text().contains("REX.W"), 0, -1, 0, -1)
                        : restore.encode(t.text().contains("REX.W"), 1, -1, 0, -1);
                if (!isSave && window == 0 && v.chance(90)) {
                    // A valid MXCSR in the image most of the time; bit 17 (AMD's misaligned mode) never.
                    int mxcsr = v.mxcsr();
                    for (int k = 0; k < 4; k++) s.mem[24 + k] = (byte) (mxcsr >>> (8 * k));
                }
                if (!isSave && window == 0) s.mem[26] &= ~2;
                long ignored = isSave && window == 0 ? 0xFL << 28 : 0;
                DiffCase c = new DiffCase(t.text() + " window " + window + (rbx % 16 != 0 ? " misaligned" : ""), code, memOff, s, ignored);
                String d = runner.check(c);
                if (d != null && bad++ < 5) report.append(d).append("\n\n");
            }
        }
        if (bad > 0) fail(bad + " of " + perForm + " FXSAVE/FXRSTOR cases differ\n" + report);
    }
}
