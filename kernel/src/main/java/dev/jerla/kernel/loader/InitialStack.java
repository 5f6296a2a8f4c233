package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Auxv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The initial stack of a new program, laid out exactly as Linux builds it (copy_strings in
 * fs/exec.c, create_elf_tables in fs/binfmt_elf.c), from the top down:
 *
 * <pre>
 *   STACK_TOP            8 zero bytes
 *                        the execve filename (AT_EXECFN)
 *                        envp strings, argv strings (argv[0] lowest)   &lt;- 16-byte aligned below
 *                        "x86_64" (AT_PLATFORM)
 *                        16 random bytes (AT_RANDOM)
 *                        padding to 16 bytes
 *   sp -&gt;                argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL pair
 * </pre>
 */
public final class InitialStack {
    private InitialStack() {}

    public static final String PLATFORM = "x86_64";

    /** What the auxiliary vector says besides the pointers into the stack (which this class computes). */
    public record AuxInput(long hwcap, long hwcap2, long minsigstksz, long phdr, long phnum, long base,
                           long entry, int uid, int euid, int gid, int egid, boolean secure, long sysinfoEhdr) {}

    /**
     * The built stack: {@code image} goes at [top - image.length, top); the program starts with
     * RSP = {@code sp}. The other fields are what the memory manager records for /proc.
     */
    public record Layout(long sp, byte[] image, long stringsStart, long argStart, long argEnd,
                         long envStart, long envEnd, long execfn, long platform, long random, long[] auxv) {}

    /** The total size copy_strings charges for the strings: every string with its NUL, and the filename. */
    public static long stringBytes(List<byte[]> argv, List<byte[]> envp, byte[] execfn) {
        long n = execfn.length + 1;
        for (byte[] a : argv) n += a.length + 1;
        for (byte[] e : envp) n += e.length + 1;
        return n;
    }

    public static Layout build(long top, List<byte[]> argv, List<byte[]> envp, byte[] execfn, byte[] random16, AuxInput aux) {
        long p = top - 8;
        p -= execfn.length + 1;
        long execfnAddr = p;
        long envEnd = p;
        for (int i = envp.size() - 1; i >= 0; i--) p -= envp.get(i).length + 1;
        long envStart = p;
        long argEnd = p;
        for (int i = argv.size() - 1; i >= 0; i--) p -= argv.get(i).length + 1;
        long argStart = p;
        long stringsStart = p;

        p &= ~15L;
        p -= PLATFORM.length() + 1;
        long platformAddr = p;
        p -= 16;
        long randomAddr = p;

        long[] auxv = auxv(aux, randomAddr, execfnAddr, platformAddr);
        int items = (argv.size() + 1) + (envp.size() + 1) + 1;
        long sp = (p - (long) auxv.length * 8 - (long) items * 8) & ~15L;

        int size = (int) (top - sp);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        long at = argStart;
        b.putLong((int) (sp - sp), argv.size());
        int w = 8;
        for (byte[] a : argv) {
            b.putLong(w, at);
            w += 8;
            b.put((int) (at - sp), a);
            at += a.length + 1;
        }
        w += 8;
        for (byte[] e : envp) {
            b.putLong(w, at);
            w += 8;
            b.put((int) (at - sp), e);
            at += e.length + 1;
        }
        w += 8;
        for (long v : auxv) {
            b.putLong(w, v);
            w += 8;
        }
        b.put((int) (execfnAddr - sp), execfn);
        b.put((int) (platformAddr - sp), PLATFORM.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put((int) (randomAddr - sp), random16, 0, 16);
        return new Layout(sp, b.array(), stringsStart, argStart, argEnd, envStart, envEnd, execfnAddr, platformAddr,
                randomAddr, auxv);
    }

    /** The auxiliary vector in create_elf_tables' order (ARCH_DLINFO first), ending with AT_NULL. */
    static long[] auxv(AuxInput a, long random, long execfn, long platform) {
        List<long[]> v = new ArrayList<>();
        v.add(new long[] {Auxv.AT_SYSINFO_EHDR, a.sysinfoEhdr()});
        v.add(new long[] {Auxv.AT_MINSIGSTKSZ, a.minsigstksz()});
        v.add(new long[] {Auxv.AT_HWCAP, a.hwcap()});
        v.add(new long[] {Auxv.AT_PAGESZ, 4096});
        v.add(new long[] {Auxv.AT_CLKTCK, 100});
        v.add(new long[] {Auxv.AT_PHDR, a.phdr()});
        v.add(new long[] {Auxv.AT_PHENT, 56});
        v.add(new long[] {Auxv.AT_PHNUM, a.phnum()});
        v.add(new long[] {Auxv.AT_BASE, a.base()});
        v.add(new long[] {Auxv.AT_FLAGS, 0});
        v.add(new long[] {Auxv.AT_ENTRY, a.entry()});
        v.add(new long[] {Auxv.AT_UID, a.uid()});
        v.add(new long[] {Auxv.AT_EUID, a.euid()});
        v.add(new long[] {Auxv.AT_GID, a.gid()});
        v.add(new long[] {Auxv.AT_EGID, a.egid()});
        v.add(new long[] {Auxv.AT_SECURE, a.secure() ? 1 : 0});
        v.add(new long[] {Auxv.AT_RANDOM, random});
        v.add(new long[] {Auxv.AT_HWCAP2, a.hwcap2()});
        v.add(new long[] {Auxv.AT_EXECFN, execfn});
        v.add(new long[] {Auxv.AT_PLATFORM, platform});
        v.add(new long[] {Auxv.AT_NULL, 0});
        long[] out = new long[v.size() * 2];
        for (int i = 0; i < v.size(); i++) {
            out[2 * i] = v.get(i)[0];
            out[2 * i + 1] = v.get(i)[1];
        }
        return out;
    }
}
