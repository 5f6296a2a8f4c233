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
 * Decodes every instruction of real static binaries (Debian's static BusyBox, and static glibc
 * and musl programs built now) and checks against objdump that each has the length objdump
 * gives it and that nothing objdump knows decodes to #UD, apart from the instructions Jerla
 * deliberately does not offer (listed below). VEX/EVEX-encoded instructions are skipped: Jerla
 * does not offer AVX, and their prefix bytes decode as #UD.
 */
class DecoderObjdumpTest {
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(\\S+)(.*)$");

    /** Mnemonics Jerla decodes as #UD on purpose: features not offered, or invalid on any CPU. */
    private static final Set<String> NOT_OFFERED = Set.of("ud2", "ud1", "ud0", "(bad)", "xgetbv", "xbegin", "xabort",
            "xend", "xtest", "rdrand", "rdseed", "rdpid", "incsspq", "incsspd", "wrssq", "wrssd", "setssbsy",
            "rstorssp", "saveprevssp", "clrssbsy", "rdfsbase", "rdgsbase", "wrfsbase", "wrgsbase", "lar", "lsl",
            "xsavec", "xsavec64", "xsaveopt", "xsaveopt64", "clwb", "rdpkru", "wrpkru", "tpause", "umonitor", "umwait");

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
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String binary : new String[] {"/bin/busybox", dir.resolve("hello-glibc").toString(), dir.resolve("hello-musl").toString()}) {
            checked += check(dir, binary, problems);
        }
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
        Map<Long, Integer> bytes = new HashMap<>();
        for (String l : listing.split("\n")) {
            Matcher m = LINE.matcher(l);
            if (!m.matches()) continue;
            long addr = Long.parseLong(m.group(1), 16);
            String[] hex = m.group(2).trim().split(" ");
            for (int k = 0; k < hex.length; k++) bytes.put(addr + k, Integer.parseInt(hex[k], 16));
            lines.add(new Line(addr, hex.length, m.group(3), l.trim()));
        }
        Decoder d = new Decoder(va -> {
            Integer b = bytes.get(va);
            return b == null ? 0 : b;
        });
        int checked = 0;
        for (Line l : lines) {
            if (l.mnemonic.equals("(bad)") || vex(bytes, l.addr)) continue;
            Insn in = d.decode(l.addr);
            checked++;
            if (in.len != l.len) {
                problems.add(binary + ": length " + in.len + " (" + Op.name(in.op) + ") for " + l.text);
            } else if (in.op == Op.UD && !NOT_OFFERED.contains(l.mnemonic)) {
                problems.add(binary + ": decoded as #UD: " + l.text);
            }
        }
        return checked;
    }

    /** True if the instruction at {@code addr} is VEX- or EVEX-encoded (C4, C5 or 62 after legacy prefixes). */
    private static boolean vex(Map<Long, Integer> bytes, long addr) {
        for (long a = addr; ; a++) {
            int b = bytes.getOrDefault(a, 0);
            switch (b) {
                case 0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x3E, 0x26, 0x36, 0x64, 0x65 -> { }
                default -> { return b == 0xC4 || b == 0xC5 || b == 0x62; }
            }
        }
    }
}
