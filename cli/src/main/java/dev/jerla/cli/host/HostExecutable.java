package dev.jerla.cli.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds and vets the program {@code jerla exec} starts, as a shell does before and around
 * execve(2): a name without '/' is searched in PATH, and a file that is missing, not executable,
 * or neither an x86-64 ELF executable nor a "#!" script is refused with the shell's message and
 * exit status (127 not found, 126 cannot execute).
 */
public final class HostExecutable {
    /** The shell's status for a command that was not found. */
    public static final int EXIT_NOT_FOUND = 127;
    /** The shell's status for a command that was found but cannot be executed. */
    public static final int EXIT_CANNOT_EXECUTE = 126;

    /** The outcome of resolving a program name. */
    public sealed interface Result permits Found, Refused {}

    /** The program to execute, as argv[0]: the name as given, or its absolute path if it was found in PATH. */
    public record Found(String path) implements Result {}

    /** Why the program cannot run: the message (without the "jerla: NAME: " prefix) and the exit status. */
    public record Refused(String reason, int exitStatus) implements Result {}

    private static final int EM_X86_64 = 62;
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int PT_LOAD = 1;
    private static final int ELF64_EHDR_SIZE = 64;
    private static final int ELF64_PHDR_SIZE = 56;

    private HostExecutable() {}

    /**
     * Resolves {@code program} as a shell does: a name containing '/' names a file (relative to
     * {@code cwd}); any other name is looked up in the directories of {@code path}, where an empty
     * entry means the current directory.
     */
    public static Result resolve(String program, String path, Path cwd) {
        if (program.isEmpty()) {
            return new Refused("No such file or directory", EXIT_NOT_FOUND);
        }
        if (program.indexOf('/') >= 0) {
            Refused refusal = vet(cwd.resolve(program));
            return refusal != null ? refusal : new Found(program);
        }
        for (String dir : (path == null ? "" : path).split(":", -1)) {
            Path candidate = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Refused refusal = vet(candidate);
                return refusal != null ? refusal : new Found(candidate.toAbsolutePath().normalize().toString());
            }
        }
        return new Refused("command not found", EXIT_NOT_FOUND);
    }

    /** Returns why {@code file} cannot be executed, or null if it looks like something execve(2) accepts. */
    public static Refused vet(Path file) {
        if (!Files.exists(file)) {
            return new Refused("No such file or directory", EXIT_NOT_FOUND);
        }
        if (Files.isDirectory(file)) {
            return new Refused("Is a directory", EXIT_CANNOT_EXECUTE);
        }
        if (!Files.isExecutable(file)) {
            return new Refused("Permission denied", EXIT_CANNOT_EXECUTE);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return isExecutableImage(channel) ? null : new Refused("Exec format error", EXIT_CANNOT_EXECUTE);
        } catch (AccessDeniedException e) {
            return new Refused("Permission denied", EXIT_CANNOT_EXECUTE);
        } catch (IOException e) {
            return new Refused("cannot read: " + e.getMessage(), EXIT_CANNOT_EXECUTE);
        }
    }

    /**
     * True for a "#!" script or an x86-64 ELF executable, checked as fs/binfmt_script.c and
     * fs/binfmt_elf.c (load_elf_binary) check them: the magic, e_type, e_machine and readable
     * program headers (Linux ignores EI_CLASS, EI_DATA and EI_VERSION, and so does this). A file
     * whose loadable segments lie past its end is refused here too, where Linux would start it and
     * kill it with SIGBUS: a truncated program given on the command line gets a clear message.
     */
    static boolean isExecutableImage(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(ELF64_EHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(header, 0);
        if (header.position() >= 2 && header.get(0) == '#' && header.get(1) == '!') {
            return true;
        }
        if (header.position() < ELF64_EHDR_SIZE
                || header.get(0) != 0x7f || header.get(1) != 'E' || header.get(2) != 'L' || header.get(3) != 'F') {
            return false;
        }
        int type = Short.toUnsignedInt(header.getShort(16));
        int machine = Short.toUnsignedInt(header.getShort(18));
        long phoff = header.getLong(32);
        int phentsize = Short.toUnsignedInt(header.getShort(54));
        int phnum = Short.toUnsignedInt(header.getShort(56));
        if ((type != ET_EXEC && type != ET_DYN) || machine != EM_X86_64
                || phentsize != ELF64_PHDR_SIZE || phnum == 0 || phoff < 0
                || phoff > size || (long) phnum * ELF64_PHDR_SIZE > size - phoff) {
            return false;
        }
        ByteBuffer phdrs = ByteBuffer.allocate(phnum * ELF64_PHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(phdrs, phoff);
        boolean hasLoad = false;
        for (int i = 0; i < phnum; i++) {
            int base = i * ELF64_PHDR_SIZE;
            if (phdrs.getInt(base) != PT_LOAD) {
                continue;
            }
            hasLoad = true;
            long offset = phdrs.getLong(base + 8);
            long fileSize = phdrs.getLong(base + 32);
            if (offset < 0 || fileSize < 0 || offset > size || fileSize > size - offset) {
                return false;
            }
        }
        return hasLoad;
    }
}
