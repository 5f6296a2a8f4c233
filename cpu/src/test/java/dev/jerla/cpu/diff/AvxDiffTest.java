package dev.jerla.cpu.diff;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * VEX forms (avx.txt: the VEX forms of SSE..SSE4.2, AVX/AVX2-only instructions, FMA, F16C,
 * BMI1/BMI2) against the host processor, 128- and 256-bit, with random and edge operands, every
 * rounding mode, FTZ/DAZ and unmasked exceptions, misaligned and page-crossing memory. The
 * system property jerla.diff.cases sets the cases per form (default 24), jerla.diff.seed the
 * seed, jerla.diff.only a regular expression of form names.
 */
class AvxDiffTest {
    static List<VexTemplate> templates() throws IOException {
        try (InputStream in = AvxDiffTest.class.getResourceAsStream("avx.txt")) {
            if (in == null) throw new IOException("missing avx.txt");
            return VexTemplate.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void vexFormsMatchTheHost() throws Exception {
        int perForm = Integer.getInteger("jerla.diff.cases", 24);
        long seed = Long.getLong("jerla.diff.seed", 20250101L);
        String only = System.getProperty("jerla.diff.only");
        StringBuilder report = new StringBuilder();
        int failed = 0, shown = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (VexTemplate t : templates()) {
                if (only != null && !t.name().matches(only)) continue;
                Values v = new Values(seed ^ t.name().hashCode());
                int bad = 0;
                for (int i = 0; i < perForm; i++) {
                    DiffCase c = t.randomCase(v);
                    if (t.name().equals("vldmxcsr")) c.in().mem[2] &= ~2;
                    String d = runner.check(c);
                    if (d != null && bad++ < 2 && shown++ < 40) report.append(d).append("\n\n");
                }
                if (bad > 0) {
                    failed++;
                    report.append("== ").append(t.name()).append(": ").append(bad).append(" of ").append(perForm).append(" differ\n\n");
                }
            }
            if (failed > 0) fail(failed + " VEX forms differ from the host (" + runner.runs() + " cases run)\n" + report);
        }
    }

    /**
     * XSAVE, XSAVE64, XSAVEOPT, XSAVEC and XRSTOR with random component masks in EDX:EAX. The
     * 832-byte image is seen through the 64-byte buffer: RBX points 64 * k bytes before it, so
     * each case checks one window k of the image. Restores see a valid header most of the time.
     */
    @Test
    void xsaveFamilyMatchesTheHost() throws Exception {
        int perForm = Integer.getInteger("jerla.diff.cases", 24) * 8;
        String[] names = {"xsave", "xsave64", "xsaveopt", "xsavec", "xrstor", "xrstor64"};
        byte[][] codes = {{0x0F, (byte) 0xAE, 0x23}, {0x48, 0x0F, (byte) 0xAE, 0x23}, {0x0F, (byte) 0xAE, 0x33},
                {0x0F, (byte) 0xC7, 0x23}, {0x0F, (byte) 0xAE, 0x2B}, {0x48, 0x0F, (byte) 0xAE, 0x2B}};
        VexTemplate state = VexTemplate.parse("vaddps NP 0F58 ? 0 x x xm F32");
        Values v = new Values(Long.getLong("jerla.diff.seed", 20250101L));
        StringBuilder report = new StringBuilder();
        int bad = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (int i = 0; i < perForm; i++) {
                int form = i % names.length;
                MachineState s = state.randomCase(v).in();
                if (v.chance(30)) for (int r = 0; r < 16; r++) s.setYmmHi(r, 0, 0);
                int window = v.nextInt(13);
                int memOff = 0x200;
                s.gpr[3] = DiffRunner.DATA_VA + memOff - 64L * window;
                // Components 0-2 only: the host has more (AVX-512) that Jerla does not offer.
                s.gpr[0] = v.nextInt(8);
                s.gpr[2] = v.chance(10) ? v.random().nextLong() : 0;
                boolean restore = form >= 4;
                if (restore && window == 0) {
                    int mxcsr = v.mxcsr();
                    for (int k = 0; k < 4; k++) s.mem[24 + k] = (byte) (mxcsr >>> (8 * k));
                    s.mem[26] &= ~2;
                }
                if (restore && window == 8 && v.chance(90)) {
                    java.util.Arrays.fill(s.mem, (byte) 0);
                    s.mem[0] = (byte) v.nextInt(8);
                    if (v.chance(40)) {
                        s.mem[8] = 7;
                        s.mem[15] = (byte) 0x80;
                    }
                }
                long ignored = !restore && window == 0 ? 0xFL << 28 : 0;
                DiffCase c = new DiffCase(names[form] + " rfbm=" + Long.toHexString(s.gpr[0]) + " window " + window,
                        codes[form], memOff, s, ignored);
                String d = runner.check(c);
                if (d != null && bad++ < 6) report.append(d).append("\n\n");
            }
        }
        if (bad > 0) fail(bad + " of " + perForm + " XSAVE/XRSTOR cases differ\n" + report);
    }
}
