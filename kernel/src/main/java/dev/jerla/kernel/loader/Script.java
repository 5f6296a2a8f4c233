package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.util.Arrays;

/**
 * "#!" scripts (fs/binfmt_script.c): the first line names an interpreter and at most one
 * argument, both taken from the first 256 bytes of the file (BINPRM_BUF_SIZE).
 */
public final class Script {
    private Script() {}

    public static final int BINPRM_BUF_SIZE = 256;

    /** The parsed "#!" line: the interpreter path and the optional argument (null if none). */
    public record Shebang(byte[] interpreter, byte[] argument) {}

    public static boolean isScript(byte[] buf, int len) {
        return len >= 2 && buf[0] == '#' && buf[1] == '!';
    }

    private static boolean spacetab(byte c) { return c == ' ' || c == '\t'; }

    private static boolean terminator(byte c) { return c == ' ' || c == '\t' || c == 0; }

    /**
     * Parses the first line as load_script does. {@code buf} holds the file's first bytes, zero
     * after the end of the file. ENOEXEC if no interpreter is named or its name is cut off by the
     * 256-byte limit.
     */
    public static Shebang parse(byte[] buf) throws ErrnoException {
        ErrnoException noexec = ErrnoException.of(Errno.ENOEXEC);
        byte[] b = Arrays.copyOf(buf, BINPRM_BUF_SIZE);
        int bufEnd = BINPRM_BUF_SIZE - 1;
        int iEnd = -1;
        for (int i = 0; i < BINPRM_BUF_SIZE; i++) {
            if (b[i] == '\n') { iEnd = i; break; }
        }
        if (iEnd < 0) {
            int p = 2;
            while (p < bufEnd && spacetab(b[p])) p++;
            if (p >= bufEnd) throw noexec;
            int q = p;
            while (q < bufEnd && !terminator(b[q])) q++;
            if (q >= bufEnd) throw noexec;
            iEnd = bufEnd;
        }
        while (iEnd > 2 && spacetab(b[iEnd - 1])) iEnd--;
        int name = 2;
        while (name < iEnd && spacetab(b[name])) name++;
        if (name >= iEnd) throw noexec;
        int sep = name;
        while (sep < iEnd && !terminator(b[sep])) sep++;
        byte[] arg = null;
        if (sep < iEnd && b[sep] != 0) {
            int a = sep;
            while (a < iEnd && spacetab(b[a])) a++;
            if (a < iEnd) {
                int aEnd = iEnd;
                for (int i = a; i < iEnd; i++) {
                    if (b[i] == 0) { aEnd = i; break; }
                }
                arg = Arrays.copyOfRange(b, a, aEnd);
            }
        }
        return new Shebang(Arrays.copyOfRange(b, name, sep), arg);
    }
}
