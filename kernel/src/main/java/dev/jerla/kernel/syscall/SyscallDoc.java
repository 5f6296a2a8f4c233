package dev.jerla.kernel.syscall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the compatibility document docs/syscalls.md from the system call table:
 * {@code java dev.jerla.kernel.syscall.SyscallDoc docs/syscalls.md}.
 */
public final class SyscallDoc {
    private SyscallDoc() {}

    /** The document's text. */
    public static String render() {
        List<Syscall> rows = SyscallTable.sorted();
        Syscall[] byNr = SyscallTable.byNumber();
        long full = rows.stream().filter(s -> s.support() == Syscall.Support.FULL).count();
        long partial = rows.stream().filter(s -> s.support() == Syscall.Support.PARTIAL).count();
        long noop = rows.size() - full - partial;
        List<String> missing = new ArrayList<>();
        int known = 0;
        for (int nr = 0; nr < SyscallNumbers.max(); nr++) {
            String name = SyscallNumbers.name(nr);
            if (name.startsWith("syscall_")) continue;
            known++;
            if (byNr[nr] == null) missing.add(name);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# System calls\n\n");
        sb.append("Generated from the system call table (`SyscallTable`) by `SyscallDoc`; do not edit by hand.\n\n");
        sb.append(String.format(Locale.ROOT, "%d of the %d x86-64 system calls have a handler: %d full, %d partial, %d no-op. "
                + "Every other number fails with ENOSYS (logged once per name).%n%n", rows.size(), known, full, partial, noop));
        sb.append("| Nr | Name | Support | Notes |\n");
        sb.append("|---:|------|---------|-------|\n");
        for (Syscall s : rows) {
            sb.append("| ").append(s.number()).append(" | ").append(s.name()).append(" | ")
                    .append(s.support().name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(s.note().replace("|", "\\|")).append(" |\n");
        }
        sb.append("\n## Not provided (ENOSYS)\n\n");
        sb.append(String.join(", ", missing)).append('\n');
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/syscalls.md");
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }
}
