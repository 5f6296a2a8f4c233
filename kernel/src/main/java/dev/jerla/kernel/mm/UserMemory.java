package dev.jerla.kernel.mm;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.GuestFault;
import dev.jerla.kernel.ErrnoException;

/**
 * The one gateway between the kernel and a process's memory. Every method is EFAULT-safe at
 * page boundaries: an inaccessible byte anywhere in the range fails the whole call with EFAULT
 * (copyOut writes nothing in that case). Handlers never touch guest addresses any other way.
 */
public final class UserMemory {
    private static final ErrnoException EFAULT = ErrnoException.of(Errno.EFAULT);

    private volatile AddressSpace as;

    public UserMemory(AddressSpace as) { this.as = as; }

    public AddressSpace addressSpace() { return as; }

    /** Switches to a new address space (execve). */
    public void attach(AddressSpace as) { this.as = as; }

    public void copyIn(long addr, byte[] dst, int off, int len) throws ErrnoException {
        try { as.copyIn(addr, dst, off, len); } catch (GuestFault f) { throw EFAULT; }
    }

    public byte[] copyIn(long addr, int len) throws ErrnoException {
        byte[] b = new byte[len];
        copyIn(addr, b, 0, len);
        return b;
    }

    public void copyOut(long addr, byte[] src, int off, int len) throws ErrnoException {
        try { as.copyOut(addr, src, off, len); } catch (GuestFault f) { throw EFAULT; }
    }

    public void copyOut(long addr, byte[] src) throws ErrnoException {
        copyOut(addr, src, 0, src.length);
    }

    /** Zero-fills guest memory. */
    public void clear(long addr, long len) throws ErrnoException {
        try { as.zero(addr, len); } catch (GuestFault f) { throw EFAULT; }
    }

    /**
     * Reads a NUL-terminated string, its bytes kept as {@link GuestStrings} does. @throws ErrnoException ENAMETOOLONG if it is longer than
     * {@code max} bytes, EFAULT if unreadable.
     */
    public String readString(long addr, int max) throws ErrnoException {
        try {
            byte[] b = as.readCBytes(addr, max);
            if (b == null) throw ErrnoException.of(Errno.ENAMETOOLONG);
            return GuestStrings.decode(b);
        } catch (GuestFault f) {
            throw EFAULT;
        }
    }

    /**
     * Reads a NUL-terminated string as raw bytes (without the NUL), for argv and envp which need
     * not be UTF-8. Returns null if no NUL is found within {@code max} bytes; EFAULT if unreadable.
     */
    public byte[] readCStringBytes(long addr, int max) throws ErrnoException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[256];
        long at = addr;
        while (out.size() <= max) {
            int n = (int) Math.min(chunk.length, 4096 - (at & 4095));
            copyIn(at, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                if (chunk[i] == 0) {
                    out.write(chunk, 0, i);
                    return out.size() <= max ? out.toByteArray() : null;
                }
            }
            out.write(chunk, 0, n);
            at += n;
        }
        return null;
    }

    /** Reads a path argument: at most PATH_MAX (4096) bytes including the NUL. */
    public String readPath(long addr) throws ErrnoException {
        return readString(addr, 4095);
    }

    public long readLong(long addr) throws ErrnoException {
        try { return as.readLong(addr); } catch (GuestFault f) { throw EFAULT; }
    }

    public void writeLong(long addr, long v) throws ErrnoException {
        try { as.writeLong(addr, v); } catch (GuestFault f) { throw EFAULT; }
    }

    public int readInt(long addr) throws ErrnoException {
        try { return as.readInt(addr); } catch (GuestFault f) { throw EFAULT; }
    }

    public void writeInt(long addr, int v) throws ErrnoException {
        try { as.writeInt(addr, v); } catch (GuestFault f) { throw EFAULT; }
    }

    /** One element of an iovec array (struct iovec in include/uapi/linux/uio.h). */
    public record Iovec(long base, long len) {}

    /** Reads an iovec array; EINVAL for a negative count or more than UIO_MAXIOV (1024). */
    public Iovec[] readIovecs(long addr, int count) throws ErrnoException {
        if (count < 0 || count > 1024) throw ErrnoException.of(Errno.EINVAL);
        byte[] raw = copyIn(addr, count * 16);
        Iovec[] v = new Iovec[count];
        for (int i = 0; i < count; i++) {
            long base = le64(raw, i * 16), len = le64(raw, i * 16 + 8);
            if (len < 0) throw ErrnoException.of(Errno.EINVAL);
            v[i] = new Iovec(base, len);
        }
        return v;
    }

    private static long le64(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[o + i] & 0xFF);
        return v;
    }
}
