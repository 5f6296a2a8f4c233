package dev.jerla.cpu.exec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Assembles AT&T-syntax x86-64 code with the host's {@code as} into the raw bytes of its .text section. */
final class Asm {
    private Asm() {}

    static byte[] assemble(String code) throws Exception {
        Path dir = Files.createTempDirectory("jerla-asm");
        Files.writeString(dir.resolve("a.s"), ".text\n" + code + "\n");
        HostTools.run(dir, "as", "--64", "-o", "a.o", "a.s");
        HostTools.run(dir, "objcopy", "-O", "binary", "--only-section=.text", "a.o", "a.bin");
        return Files.readAllBytes(dir.resolve("a.bin"));
    }
}
