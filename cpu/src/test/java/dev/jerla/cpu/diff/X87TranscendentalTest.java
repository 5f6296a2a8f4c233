package dev.jerla.cpu.diff;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1 against the host. Jerla computes them
 * through binary64 (see X87Unit), so for normal operands inside each instruction's domain the
 * results are compared within a relative error of 2^-50 instead of bit for bit (C1 and the
 * precision flag not compared); for any other operands (NaNs, infinities, zeros, denormals,
 * empty registers, out-of-domain values) only the stack (top, tags), the invalid, stack-fault and
 * zero-divide flags and which registers hold NaNs must agree.
 */
class X87TranscendentalTest {
    @Test
    void transcendentalsAgreeWithTheHostWithinBinary64Accuracy() throws Exception {
        int perForm = Integer.getInteger("jerla.diff.cases", 40) * 2;
        StringBuilder report = new StringBuilder();
        int bad = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (X87Forms.Form form : X87Forms.transcendental()) {
                Values v = new Values(Long.getLong("jerla.diff.seed", 20250101L) ^ form.name().hashCode());
                for (int i = 0; i < perForm; i++) {
                    DiffCase c = form.randomCase(v);
                    MachineState in = c.in();
                    // Mostly operands in the instructions' domains: |x| < 2^10 (F2XM1: |x| <= 1; FSIN, FCOS,
                    // FSINCOS, FPTAN: |x| < 2^51; above that the reference reduces the argument less
                    // exactly than Jerla and results differ by up to 2^-44), positive logarithm arguments.
                    in.setFcw(0x037F | (in.fcw() & 0x0C00));
                    in.setFsw(in.fsw() & 0x3800);
                    boolean inDomain = v.chance(80);
                    if (inDomain) {
                        for (int k = 0; k < 2; k++) {
                            boolean trig = form.name().startsWith("fsin") || form.name().startsWith("fcos") || form.name().equals("fptan");
                            // Large trigonometric arguments test the reduction by the x87's pi.
                            int e = form.name().equals("f2xm1") ? 0x3FFF - 1 - v.nextInt(30)
                                    : trig ? 0x3FFF - 20 + v.nextInt(71) : 0x3FFF - 20 + v.nextInt(30);
                            int sign = form.name().startsWith("fyl2x") && k == 0 ? 0 : v.nextInt(2) << 15;
                            if (form.name().equals("fyl2xp1") && k == 0) e = 0x3FFF - 2 - v.nextInt(20);
                            in.setSt(k, sign | e, v.random().nextLong() | Long.MIN_VALUE);
                        }
                        in.setFtw(in.ftw() | 1 << ((in.fsw() >> 11) & 7) | 1 << (((in.fsw() >> 11) + 1) & 7));
                    }
                    DiffResult[] r = runner.runBoth(c);
                    String d = inDomain ? compare(r[0], r[1]) : compareStructure(r[0], r[1]);
                    if (d != null && bad++ < 10) {
                        report.append(c).append("\n  ").append(d).append("\n  in:    ").append(in.toString().replace("\n", "\n         "))
                                .append("\n  host:  ").append(r[0].out().toString().replace("\n", "\n         "))
                                .append("\n  jerla: ").append(r[1].out().toString().replace("\n", "\n         ")).append("\n\n");
                    }
                }
            }
        }
        if (bad > 0) fail(bad + " transcendental cases differ\n" + report);
    }

    private static String compare(DiffResult h, DiffResult j) {
        if (h.signo() != j.signo()) return "ended by " + h.how() + " vs " + j.how();
        MachineState a = h.out(), b = j.out();
        int ignored = 0x20 | 0x200;
        if (((a.fsw() ^ b.fsw()) & ~ignored) != 0) return String.format("fsw %04x vs %04x", a.fsw(), b.fsw());
        if (a.ftw() != b.ftw()) return String.format("ftw %02x vs %02x", a.ftw(), b.ftw());
        for (int i = 0; i < 8; i++) {
            if (!close(a.stSe(i), a.stM(i), b.stSe(i), b.stM(i))) {
                return String.format("st%d %04x:%016x vs %04x:%016x", i, a.stSe(i), a.stM(i), b.stSe(i), b.stM(i));
            }
        }
        return null;
    }

    private static String compareStructure(DiffResult h, DiffResult j) {
        if (h.signo() != j.signo()) return "ended by " + h.how() + " vs " + j.how();
        MachineState a = h.out(), b = j.out();
        int compared = 0x3800 | 0x40 | 0x04 | 0x01;
        if (((a.fsw() ^ b.fsw()) & compared) != 0) return String.format("fsw %04x vs %04x", a.fsw(), b.fsw());
        if (a.ftw() != b.ftw()) return String.format("ftw %02x vs %02x", a.ftw(), b.ftw());
        for (int i = 0; i < 8; i++) {
            if (isNaN(a.stSe(i), a.stM(i)) != isNaN(b.stSe(i), b.stM(i))) {
                return String.format("st%d %04x:%016x vs %04x:%016x", i, a.stSe(i), a.stM(i), b.stSe(i), b.stM(i));
            }
        }
        return null;
    }

    private static boolean isNaN(int se, long m) { return (se & 0x7FFF) == 0x7FFF && m != Long.MIN_VALUE; }

    /** Equal, or finite nonzero values of the same sign within 2^-50 relative. */
    private static boolean close(int seA, long mA, int seB, long mB) {
        if (seA == seB && mA == mB) return true;
        int ea = seA & 0x7FFF, eb = seB & 0x7FFF;
        if ((seA ^ seB) != 0 && Math.abs(ea - eb) > 1) return false;
        if (ea == 0x7FFF || eb == 0x7FFF || mA >= 0 || mB >= 0) return false;
        // Compare as 64-bit significands aligned to the larger exponent.
        double a = Math.scalb((double) (mA >>> 11), ea - eb);
        double b = (double) (mB >>> 11);
        return (seA & 0x8000) == (seB & 0x8000) && Math.abs(a - b) <= Math.scalb(b, -50);
    }
}
