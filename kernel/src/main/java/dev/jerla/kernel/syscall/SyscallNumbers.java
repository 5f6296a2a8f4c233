package dev.jerla.kernel.syscall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** System call numbers by name, read from the x86-64 table in the abi module (syscall_64.tbl). */
public final class SyscallNumbers {
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final String[] BY_NUMBER = new String[512];

    static {
        try (var in = SyscallNumbers.class.getResourceAsStream("/dev/jerla/abi/linux/syscall_64.tbl");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                int nr = Integer.parseInt(f[0]);
                BY_NAME.put(f[1], nr);
                BY_NUMBER[nr] = f[1];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SyscallNumbers() {}

    /** The number of the named system call. @throws IllegalArgumentException for an unknown name */
    public static int of(String name) {
        Integer n = BY_NAME.get(name);
        if (n == null) throw new IllegalArgumentException("unknown system call " + name);
        return n;
    }

    /** The name of system call {@code nr}, or "syscall_NR" if x86-64 Linux has none. */
    public static String name(long nr) {
        return nr >= 0 && nr < BY_NUMBER.length && BY_NUMBER[(int) nr] != null ? BY_NUMBER[(int) nr] : "syscall_" + nr;
    }

    public static int max() { return BY_NUMBER.length; }
}
