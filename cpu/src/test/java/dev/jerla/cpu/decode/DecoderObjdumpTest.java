package dev.jerla.cpu.decode;

import dev.jerla.cpu.exec.HostTools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Decodes every instruction of real binaries (Debian's static BusyBox, static glibc and musl
 * programs built now, and the host's libc.so.6 with its AVX2 string functions, ld.so and the
 * python3 interpreter) and checks against objdump that each has the length objdump gives it and
 * that nothing objdump knows decodes to #UD, apart from the instructions Jerla deliberately does
 * not offer (listed below). An assembled list of AVX, AVX2, FMA, F16C and BMI forms checks the
 * VEX encodings too. EVEX-encoded (AVX-512) instructions are skipped: Jerla does not offer
 * AVX-512, nor the VEX-encoded opmask instructions (k*) that go with it.
 */
class DecoderObjdumpTest {
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(\\S+)(.*)$");

    /** Mnemonics Jerla decodes as #UD on purpose: features not offered, or invalid on any CPU. */
    private static final Set<String> NOT_OFFERED = Set.of("ud2", "ud1", "ud0", "(bad)", "xbegin", "xabort",
            "xend", "xtest", "rdpid", "incsspq", "incsspd", "wrssq", "wrssd", "setssbsy",
            "rstorssp", "saveprevssp", "clrssbsy", "rdfsbase", "rdgsbase", "wrfsbase", "wrgsbase", "lar", "lsl",
            "rdpkru", "wrpkru", "tpause", "umonitor", "umwait");

    @Test
    void lengthsAgreeWithObjdump() throws Exception {
        Path dir = Files.createTempDirectory("jerla-decoder");
        Files.writeString(dir.resolve("hello.c"), """
                #include <stdio.h>
                #include <string.h>
                #include <stdlib.h>
                int main(int argc, char **argv) {
                    char buf[64];
                    snprintf(buf, sizeof buf, "%s %d %f", argv[0], argc, argc * 1.5);
                    qsort(argv, argc, sizeof *argv, (int (*)(const void *, const void *)) strcmp);
                    puts(buf);
                    return strlen(buf) > 3;
                }
                """);
        HostTools.run(dir, "gcc", "-static", "-O2", "-o", "hello-glibc", "hello.c");
        HostTools.run(dir, "musl-gcc", "-static", "-O2", "-o", "hello-musl", "hello.c");
        Files.writeString(dir.resolve("vex.s"), VEX_FORMS);
        HostTools.run(dir, "as", "-o", "vex.o", "vex.s");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        List<String> binaries = new ArrayList<>(List.of("/bin/busybox", dir.resolve("hello-glibc").toString(),
                dir.resolve("hello-musl").toString(), dir.resolve("vex.o").toString()));
        // The host's libc, dynamic loader and Python interpreter: large, real, compiler-generated code.
        for (String lib : List.of("/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2", "/usr/bin/python3")) {
            if (Files.exists(Path.of(lib))) binaries.add(Path.of(lib).toRealPath().toString());
        }
        for (String binary : binaries) checked += check(dir, binary, problems);
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + checked + " instructions disagree with objdump:\n"
                    + String.join("\n", problems.subList(0, Math.min(60, problems.size()))));
        }
        assertTrue(checked > 100_000, "expected a large corpus, decoded " + checked);
    }

    private static int check(Path dir, String binary, List<String> problems) throws Exception {
        String listing = HostTools.run(dir, "objdump", "-d", "-w", binary).out();
        record Line(long addr, int len, String mnemonic, String text) {}
        List<Line> lines = new ArrayList<>();
        Map<Long, byte[]> bytes = new HashMap<>(); // 4 KiB pages of the listed bytes
        for (String l : listing.split("\n")) {
            Matcher m = LINE.matcher(l);
            if (!m.matches()) continue;
            long addr = Long.parseLong(m.group(1), 16);
            String[] hex = m.group(2).trim().split(" ");
            for (int k = 0; k < hex.length; k++) {
                long a = addr + k;
                bytes.computeIfAbsent(a >>> 12, x -> new byte[4096])[(int) (a & 4095)] = (byte) Integer.parseInt(hex[k], 16);
            }
            lines.add(new Line(addr, hex.length, m.group(3), l.trim()));
        }
        Decoder d = new Decoder(va -> byteAt(bytes, va));
        int checked = 0;
        for (Line l : lines) {
            if (l.mnemonic.equals("(bad)") || vex(bytes, l.addr)) continue;
            Insn in = d.decode(l.addr);
            checked++;
            if (in.len != l.len) {
                problems.add(binary + ": length " + in.len + " (" + Op.name(in.op) + ") for " + l.text);
            } else if (in.op == Op.UD && !NOT_OFFERED.contains(l.mnemonic) && !l.mnemonic.startsWith("k")) {
                problems.add(binary + ": decoded as #UD: " + l.text);
            }
        }
        return checked;
    }

    private static int byteAt(Map<Long, byte[]> bytes, long va) {
        byte[] page = bytes.get(va >>> 12);
        return page == null ? 0 : page[(int) (va & 4095)] & 0xff;
    }

    /** True if the instruction at {@code addr} is EVEX-encoded (62 after legacy prefixes). */
    private static boolean vex(Map<Long, byte[]> bytes, long addr) {
        for (long a = addr; ; a++) {
            int b = byteAt(bytes, a);
            switch (b) {
                case 0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x3E, 0x26, 0x36, 0x64, 0x65 -> { }
                default -> { return b == 0x62; }
            }
        }
    }

    /** VEX forms with every operand shape: registers 0-15, memory with SIB, RIP-relative, disp32, imm8. */
    private static final String VEX_FORMS = """
            vaddps %ymm1, %ymm2, %ymm3; vaddpd (%rax), %xmm9, %xmm10; vaddss 8(%rsp), %xmm1, %xmm15
            vmovdqu 0x1000(%r13,%r14,8), %ymm12; vmovdqa %ymm3, 64(%rip); vmovups %xmm0, -8(%rbp)
            vpcmpeqb (%rdi), %ymm0, %ymm1; vpmovmskb %ymm1, %eax; vptest %ymm2, %ymm2; vpminub %ymm1, %ymm2, %ymm3
            vpbroadcastb %xmm0, %ymm0; vpbroadcastd (%rsi), %ymm8; vbroadcastss %xmm1, %ymm2; vbroadcastsd (%rax), %ymm3
            vbroadcastf128 (%rax), %ymm4; vbroadcasti128 16(%rcx), %ymm5
            vperm2i128 $0x21, %ymm1, %ymm2, %ymm3; vperm2f128 $3, (%rax), %ymm2, %ymm3
            vinserti128 $1, %xmm1, %ymm2, %ymm3; vextracti128 $1, %ymm4, %xmm5; vextractf128 $1, %ymm4, (%rdi)
            vpermd %ymm1, %ymm2, %ymm3; vpermq $0x4e, %ymm1, %ymm2; vpermps (%rax), %ymm2, %ymm3; vpermpd $1, %ymm4, %ymm5
            vpblendd $0xf0, %ymm1, %ymm2, %ymm3; vpblendvb %ymm4, %ymm1, %ymm2, %ymm3; vblendvps %xmm12, (%rax), %xmm2, %xmm3
            vpsllvd %ymm1, %ymm2, %ymm3; vpsrlvq (%rax), %xmm2, %xmm3; vpsravd %ymm9, %ymm10, %ymm11
            vpsllw $3, %ymm1, %ymm2; vpsrldq $4, %xmm3, %xmm4; vpslld %xmm1, %ymm2, %ymm3
            vmaskmovps (%rax), %ymm1, %ymm2; vmaskmovpd %ymm2, %ymm1, (%rax); vpmaskmovd (%rax), %xmm1, %xmm2; vpmaskmovq %ymm2, %ymm1, (%rdi)
            vpgatherdd %ymm1, (%rax,%ymm2,4), %ymm3; vgatherqpd %xmm1, 8(%rdi,%xmm12,8), %xmm3; vpgatherqd %xmm4, (%r8,%ymm5,2), %xmm6
            vgatherdps %ymm1, (,%ymm2,4), %ymm3
            vzeroupper; vzeroall; vtestps %ymm1, %ymm2; vtestpd (%rax), %xmm3
            vpermilps $0x1b, %ymm1, %ymm2; vpermilpd %ymm1, %ymm2, %ymm3
            vfmadd132ps %ymm1, %ymm2, %ymm3; vfmadd213sd (%rax), %xmm1, %xmm2; vfmadd231pd %xmm9, %xmm10, %xmm11
            vfmsub132ss %xmm1, %xmm2, %xmm3; vfnmadd213ps (%rax,%rbx,2), %ymm1, %ymm2; vfnmsub231sd %xmm1, %xmm2, %xmm3
            vfmaddsub132pd %ymm1, %ymm2, %ymm3; vfmsubadd231ps (%rdi), %ymm1, %ymm2
            vcvtph2ps %xmm1, %ymm2; vcvtps2ph $4, %ymm1, (%rax); vcvtps2ph $0, %xmm1, %xmm2
            vcvtdq2pd %xmm1, %ymm2; vcvtpd2ps %ymm1, %xmm2; vcvttpd2dq %ymm1, %xmm2; vcvtps2pd (%rax), %ymm2
            vpmovzxbw %xmm1, %ymm2; vpmovsxdq (%rax), %ymm2; vpmovzxbq %xmm1, %ymm2
            vcmpps $0x1f, %ymm1, %ymm2, %ymm3; vcmpsd $0x11, %xmm1, %xmm2, %xmm3; vroundpd $9, %ymm1, %ymm2
            vshufpd $5, %ymm1, %ymm2, %ymm3; vblendps $0xaa, %ymm1, %ymm2, %ymm3; vmpsadbw $0x2d, %ymm1, %ymm2, %ymm3
            vpalignr $7, %ymm1, %ymm2, %ymm3; vpshufb (%rax), %ymm2, %ymm3; vpunpckhqdq %ymm1, %ymm2, %ymm3
            vmovd %xmm1, %eax; vmovq %rax, %xmm2; vmovq %xmm1, (%rax); vpextrq $1, %xmm1, %rax; vpinsrd $2, %eax, %xmm1, %xmm2
            vpextrb $5, %xmm1, (%rax); vextractps $1, %xmm1, %eax; vinsertps $0x10, %xmm1, %xmm2, %xmm3
            vmovss %xmm1, %xmm2, %xmm3; vmovsd (%rax), %xmm4; vmovhps (%rax), %xmm1, %xmm2; vmovlps %xmm3, (%rax)
            vcvtsi2sd %rax, %xmm1, %xmm2; vcvttss2si %xmm1, %rax; vucomisd %xmm1, %xmm2; vmovmskps %ymm1, %ecx
            vldmxcsr (%rax); vstmxcsr 4(%rax); vpcmpistri $0x1a, (%rdi), %xmm1; vpclmulqdq $0x11, %xmm1, %xmm2, %xmm3
            vaesenc %xmm1, %xmm2, %xmm3; vaesdeclast (%rax), %xmm2, %xmm3; vaesimc %xmm1, %xmm2; vaeskeygenassist $1, %xmm1, %xmm2
            vlddqu (%rax), %ymm1; vmovntdq %ymm1, (%rax); vmovntdqa (%rax), %ymm2; vmaskmovdqu %xmm1, %xmm2
            andn %rax, %rbx, %rcx; bextr %r8d, (%rax), %r9d; blsi %rax, %rbx; blsmsk (%rax), %ecx; blsr %r15, %r14
            bzhi %rax, %rbx, %rcx; mulx (%rax), %rbx, %rcx; pdep %r8, %r9, %r10; pext %eax, %ebx, %ecx
            rorx $7, %rax, %rbx; sarx %rax, (%rbx), %rcx; shlx %r8d, %r9d, %r10d; shrx %rax, %rbx, %rcx
            sha1rnds4 $1, %xmm1, %xmm2; sha256rnds2 %xmm0, %xmm1, %xmm2; sha256msg1 (%rax), %xmm3
            aesenc %xmm1, %xmm2; aeskeygenassist $1, (%rax), %xmm3; crc32w %ax, %ebx; crc32b %ah, %ecx
            xgetbv; xsave (%rax); xsave64 (%rax); xrstor (%rdi); xsaveopt (%rax); xsavec 64(%rsp); rdrand %rax; rdseed %ecx
            """;
}
