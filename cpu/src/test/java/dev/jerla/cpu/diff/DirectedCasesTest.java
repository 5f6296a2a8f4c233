package dev.jerla.cpu.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hand-picked cases for behaviour that random operands reach rarely, each compared with the host
 * like the random ones: the bytes, their disassembly and the registers that matter.
 */
class DirectedCasesTest {
    private static final long ONE_80 = Long.MIN_VALUE;

    /** A state with an empty x87 stack, MXCSR default, the buffer at DATA_VA + 0x100 in RBX. */
    private static MachineState state() {
        MachineState s = new MachineState();
        s.gpr[3] = DiffRunner.DATA_VA + 0x100;
        s.gpr[4] = DiffRunner.STACK_VA + 0x800;
        s.setFcw(0x037F);
        s.setMxcsr(0x1F80);
        return s;
    }

    /** ST0 and ST1 set (stack top 6, both tagged valid). */
    private static MachineState x87(int se0, long m0, int se1, long m1, int fcw) {
        MachineState s = state();
        s.setFcw(fcw);
        s.setFsw(6 << 11);
        s.setFtw(0xC0);
        s.setSt(0, se0, m0);
        s.setSt(1, se1, m1);
        return s;
    }

    private static DiffCase c(String text, String hex, MachineState s) {
        return new DiffCase(text, HexFormat.of().parseHex(hex.replace(" ", "")), 0x100, s);
    }

    static List<DiffCase> cases() {
        List<DiffCase> l = new ArrayList<>();
        // NaN selection of the x87: equal significands give the positive NaN, whatever the order.
        l.add(c("fadd st0, st1 (QNaN +/-, equal significands)", "d8 c1", x87(0xFFFF, 0xC000000000000123L, 0x7FFF, 0xC000000000000123L, 0x037F)));
        l.add(c("fadd st0, st1 (SNaN -/+, equal significands)", "d8 c1", x87(0x7FFF, 0x8000000000000123L, 0xFFFF, 0x8000000000000123L, 0x037F)));
        // The irrational constants round per RC.
        for (int rc = 0; rc < 4; rc++) {
            for (String[] k : new String[][] {{"fldpi", "d9 eb"}, {"fldl2e", "d9 ea"}, {"fldl2t", "d9 e9"}, {"fldlg2", "d9 ec"}, {"fldln2", "d9 ed"}}) {
                l.add(c(k[0] + " (RC " + rc + ")", k[1], x87(0, 0, 0, 0, 0x037F | rc << 10)));
            }
        }
        // Precision control: 1/3 at 24, 53 and 64 bits.
        for (int pc : new int[] {0, 2, 3}) {
            l.add(c("fdiv st0, st1 (1/3, PC " + pc + ")", "d8 f1", x87(0x3FFF, ONE_80, 0x4000, 0xC000000000000000L, 0x007F | pc << 8)));
        }
        // FPREM with a huge exponent difference is partial (C2 set).
        l.add(c("fprem (partial)", "d9 f8", x87(0x4100, 0xC90FDAA22168C234L, 0x3FFF, 0xB17217F7D1CF79ABL, 0x037F)));
        // long double printf: FSTP m80 of a pushed FILD m64.
        MachineState s = state();
        s.setMemLong(0, 123456789012345678L);
        l.add(c("fild qword [rbx]; fstp tword [rbx+16]", "df 2b db 7b 10", s));
        // SSE: MAXSD with a NaN first operand returns the second; DAZ zeroes a denormal result of MINSS.
        s = state();
        s.setXmm(0, 0x7FF8000000000001L, 0);
        s.setXmm(1, 0x3FF0000000000000L, 0);
        l.add(c("maxsd xmm0, xmm1 (QNaN, 1.0)", "f2 0f 5f c1", s));
        s = state();
        s.setMxcsr(0x1FC0);
        s.setXmm(0, 0x7FC00000L, 0);
        s.setXmm(1, 0x00000001L, 0);
        l.add(c("minss xmm0, xmm1 (QNaN, denormal, DAZ)", "f3 0f 5d c1", s));
        // CVTTSD2SI of 2^63 gives the integer indefinite and IE.
        s = state();
        s.setXmm(1, 0x43E0000000000000L, 0);
        l.add(c("cvttsd2si rax, xmm1 (2^63)", "f2 48 0f 2c c1", s));
        // Tininess after rounding: 0x1.fffffffffffff8p-1023 rounds to the smallest normal, no underflow.
        s = state();
        s.setXmm(0, 0x001FFFFFFFFFFFFFL, 0);
        s.setXmm(1, 0x3FE0000000000000L, 0);
        l.add(c("mulsd xmm0, xmm1 (rounds up to 2^-1022)", "f2 0f 59 c1", s));
        return l;
    }

    @Test
    void directedCasesMatchTheHost() throws Exception {
        StringBuilder report = new StringBuilder();
        int bad = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (DiffCase c : cases()) {
                String d = runner.check(c);
                if (d != null) {
                    bad++;
                    report.append(d).append("\n\n");
                }
            }
        }
        if (bad > 0) fail(bad + " directed cases differ\n" + report);
    }
}
