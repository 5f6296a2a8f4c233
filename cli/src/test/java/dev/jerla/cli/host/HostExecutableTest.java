package dev.jerla.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostExecutableTest {
    @TempDir
    Path tmp;

    /**
     * The smallest static x86-64 executable: ELF header, one PT_LOAD covering the file, and
     * "mov eax, 60; xor edi, edi; syscall" (exit(0)) at the entry point.
     */
    static byte[] tinyElf() {
        byte[] code = {(byte) 0xb8, 60, 0, 0, 0, 0x31, (byte) 0xff, 0x0f, 0x05};
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 62).putInt(1);        // ET_EXEC, EM_X86_64, EV_CURRENT
        b.putLong(0x400000 + 64 + 56).putLong(64).putLong(0);       // e_entry, e_phoff, e_shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, ehsize, phentsize, phnum
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);            // shentsize, shnum, shstrndx
        b.putInt(1).putInt(5).putLong(0).putLong(0x400000).putLong(0x400000);     // PT_LOAD, R+X, offset, vaddr, paddr
        b.putLong(b.capacity()).putLong(b.capacity()).putLong(0x1000);            // filesz, memsz, align
        b.put(code);
        return b.array();
    }

    private Path executable(String name, byte[] content) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static HostExecutable.Refused refusal(String reason, int status) {
        return new HostExecutable.Refused(reason, status);
    }

    @Test
    void aCompleteX86ElfAndAScriptAreAccepted() throws IOException {
        assertNull(HostExecutable.vet(executable("tiny", tinyElf())));
        assertNull(HostExecutable.vet(executable("script", "#!/bin/sh\necho hi\n".getBytes())));
    }

    @Test
    void identBytesLinuxIgnoresAreIgnored() throws IOException {
        // load_elf_binary checks e_machine, not EI_CLASS: Linux runs this file, and so must we.
        byte[] class32 = tinyElf();
        class32[4] = 1; // ELFCLASS32
        assertNull(HostExecutable.vet(executable("class32", class32)));
    }

    @Test
    void textTruncatedAndForeignFilesAreExecFormatErrors() throws IOException {
        HostExecutable.Refused enoexec = refusal("Exec format error", 126);
        assertEquals(enoexec, HostExecutable.vet(executable("text", "echo hello\n".getBytes())));
        assertEquals(enoexec, HostExecutable.vet(executable("empty", new byte[0])));
        byte[] elf = tinyElf();
        assertEquals(enoexec, HostExecutable.vet(executable("header-only", Arrays.copyOf(elf, 64))), "program headers missing");
        assertEquals(enoexec, HostExecutable.vet(executable("cut", Arrays.copyOf(elf, elf.length - 4))), "segment past the end");
        byte[] arm = elf.clone();
        arm[18] = (byte) 183; // EM_AARCH64
        assertEquals(enoexec, HostExecutable.vet(executable("arm", arm)));
        byte[] i386 = elf.clone();
        i386[18] = 3; // EM_386
        assertEquals(enoexec, HostExecutable.vet(executable("i386", i386)));
        byte[] relocatable = elf.clone();
        relocatable[16] = 1; // ET_REL
        assertEquals(enoexec, HostExecutable.vet(executable("object", relocatable)));
    }

    @Test
    void missingDirectoryAndNonExecutableFilesGetTheShellsStatus() throws IOException {
        assertEquals(refusal("No such file or directory", 127), HostExecutable.vet(tmp.resolve("nothing")));
        assertEquals(refusal("Is a directory", 126), HostExecutable.vet(tmp));
        Path plain = tmp.resolve("plain");
        Files.write(plain, tinyElf());
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        if (!Files.isExecutable(plain)) { // root may execute anything with an x bit only; rw- has none
            assertEquals(refusal("Permission denied", 126), HostExecutable.vet(plain));
        }
    }

    @Test
    void namesWithoutSlashAreSearchedInPath() throws IOException {
        Path bin1 = Files.createDirectories(tmp.resolve("bin1"));
        Path bin2 = Files.createDirectories(tmp.resolve("bin2"));
        Files.write(bin1.resolve("prog"), tinyElf()); // not executable: skipped, as a shell skips it
        Path prog = bin2.resolve("prog");
        Files.write(prog, tinyElf());
        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = bin1 + ":" + bin2;
        assertEquals(new HostExecutable.Found(prog.toString()), HostExecutable.resolve("prog", path, tmp));
        assertEquals(refusal("command not found", 127), HostExecutable.resolve("absent", path, tmp));
        assertEquals(new HostExecutable.Found("bin2/prog"), HostExecutable.resolve("bin2/prog", "", tmp),
                "a name with '/' is kept as given");
        assertEquals(new HostExecutable.Found(prog.toString()), HostExecutable.resolve("prog", ":", bin2),
                "an empty PATH entry is the working directory");
    }
}
