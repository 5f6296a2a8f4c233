package dev.jerla.kernel.fs.hostfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.Attr;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The host calls java.nio lacks, made through the FFM API: mkfifo(3), and lstat(2) for the
 * whole struct stat in one call (java.nio has no st_blocks). The host's errno comes back as a
 * Linux errno (the host is Linux x86-64, so numbers and the struct layout are the guest's).
 */
final class HostNative {
    private HostNative() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle MKFIFO = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mkfifo").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private static final MethodHandle MKNOD = LINKER.defaultLookup().find("mknod")
            .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno")))
            .orElse(null);

    private static final MethodHandle LSTAT = LINKER.defaultLookup().find("lstat")
            .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                    Linker.Option.captureCallState("errno")))
            .orElse(null);

    private static final MethodHandle RENAMEAT2 = LINKER.defaultLookup().find("renameat2")
            .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.captureCallState("errno")))
            .orElse(null);
    private static final int AT_FDCWD = -100;

    /**
     * renameat2(2) on the host with RENAME_NOREPLACE or RENAME_EXCHANGE, which java.nio cannot
     * express atomically; EINVAL if the C library lacks it (glibc before 2.28).
     */
    static void renameat2(Path from, Path to, int flags) throws ErrnoException {
        if (RENAMEAT2 == null) throw ErrnoException.of(Errno.EINVAL);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            MemorySegment f = a.allocateFrom(from.toString());
            MemorySegment t = a.allocateFrom(to.toString());
            int r = (int) RENAMEAT2.invokeExact(state, AT_FDCWD, f, AT_FDCWD, t, flags);
            if (r != 0) throw errno(state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw ErrnoException.of(Errno.EIO);
        }
    }

    /** True if the host C library exports lstat (glibc 2.33 and later, musl). */
    static boolean hasLstat() { return LSTAT != null; }

    /** lstat(2) on the host, decoded from the x86-64 struct stat. */
    static Attr lstat(Path path) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            MemorySegment p = a.allocateFrom(path.toString());
            MemorySegment st = a.allocate(144, 8);
            int r = (int) LSTAT.invokeExact(state, p, st);
            if (r != 0) throw errno(state);
            ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
            ValueLayout.OfInt I = ValueLayout.JAVA_INT;
            return new Attr(st.get(L, 0), st.get(L, 8), st.get(I, 24), st.get(L, 16), st.get(I, 28), st.get(I, 32),
                    st.get(L, 40), st.get(L, 48), st.get(L, 64), (int) st.get(L, 56),
                    time(st, 72), time(st, 88), time(st, 104), 0);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw ErrnoException.of(Errno.EIO);
        }
    }

    private static long time(MemorySegment st, long off) {
        return st.get(ValueLayout.JAVA_LONG, off) * 1_000_000_000L + st.get(ValueLayout.JAVA_LONG, off + 8);
    }

    private static ErrnoException errno(MemorySegment state) {
        Errno errno = Errno.of((int) ERRNO.get(state, 0L));
        return ErrnoException.of(errno != null ? errno : Errno.EIO);
    }

    /** mknod(path, mode, 0) on the host, for socket nodes; EPERM if the C library lacks mknod (glibc before 2.33). */
    static void mknod(Path path, int mode) throws ErrnoException {
        if (MKNOD == null) throw ErrnoException.of(Errno.EPERM);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            MemorySegment p = a.allocateFrom(path.toString());
            int r = (int) MKNOD.invokeExact(state, p, mode, 0L);
            if (r != 0) throw errno(state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw ErrnoException.of(Errno.EIO);
        }
    }

    /** mkfifo(path, mode) on the host. */
    static void mkfifo(Path path, int mode) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            MemorySegment p = a.allocateFrom(path.toString());
            int r = (int) MKFIFO.invokeExact(state, p, mode);
            if (r != 0) throw errno(state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw ErrnoException.of(Errno.EIO);
        }
    }
}
