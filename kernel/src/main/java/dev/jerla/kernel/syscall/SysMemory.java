package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Mman;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.MemoryManager;
import dev.jerla.kernel.mm.MemoryManager.MappedFile;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileDescription;

/** Memory-management system calls (mm/mmap.c, mm/mprotect.c, mm/mremap.c, mm/madvise.c, mm/mincore.c, mm/msync.c). */
public final class SysMemory {
    private SysMemory() {}

    private static ErrnoException err(Errno e) { return ErrnoException.of(e); }

    private static final long PAGE_MASK = MemoryManager.PAGE_SIZE - 1;
    private static final int PROT_ALL = Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | Mman.PROT_SEM;

    /**
     * mmap: anonymous private and shared mappings; file mappings through the file's page cache
     * (tmpfs and host files: shared and private, coherent with read and write); files without
     * one (generated /proc files) are copied on first touch, shared only read-only (a writable
     * MAP_SHARED mapping of those is ENODEV); /dev/zero maps anonymous memory.
     */
    public static long mmap(Task t, long addr, long len, long uprot, long uflags, long ufd, long off) throws ErrnoException {
        int prot = (int) uprot & PROT_ALL, flags = (int) uflags, fd = (int) ufd;
        if ((off & PAGE_MASK) != 0) throw err(Errno.EINVAL);
        boolean anonymous = (flags & Mman.MAP_ANONYMOUS) != 0;
        FileDescription f = anonymous ? null : t.files().get(fd);
        if (f != null && isDevZero(f)) {
            // mmap_zero: a private mapping is anonymous memory, a shared one a shmem object (shmem_zero_setup).
            if (!f.readable()) throw err(Errno.EACCES);
            if ((flags & Mman.MAP_TYPE) == Mman.MAP_SHARED && (prot & Mman.PROT_WRITE) != 0 && !f.writable()) {
                throw err(Errno.EACCES);
            }
            anonymous = true;
            f = null;
            int zeroType = (flags & Mman.MAP_TYPE) == Mman.MAP_PRIVATE ? Mman.MAP_PRIVATE : Mman.MAP_SHARED;
            flags = (flags & ~Mman.MAP_TYPE) | zeroType | Mman.MAP_ANONYMOUS;
        }
        if (len == 0) throw err(Errno.EINVAL);
        long rounded = MemoryManager.pageUp(len);
        if (rounded == 0 || Long.compareUnsigned(len, MemoryManager.TASK_SIZE) > 0) throw err(Errno.ENOMEM);
        if (!anonymous && (off < 0 || off + rounded < off)) throw err(Errno.EOVERFLOW);
        int type = flags & Mman.MAP_TYPE;
        if (type != Mman.MAP_PRIVATE && type != Mman.MAP_SHARED && type != Mman.MAP_SHARED_VALIDATE) throw err(Errno.EINVAL);
        if (anonymous) {
            // do_mmap: an anonymous mapping is MAP_PRIVATE or plain MAP_SHARED, and a shared one cannot grow.
            if (type == Mman.MAP_SHARED_VALIDATE) throw err(Errno.EINVAL);
            if (type == Mman.MAP_SHARED && (flags & Mman.MAP_GROWSDOWN) != 0) throw err(Errno.EINVAL);
        } else if (type == Mman.MAP_SHARED_VALIDATE && (flags & ~Mman.LEGACY_MAP_MASK) != 0) {
            throw err(Errno.EOPNOTSUPP);
        }
        if ((flags & (Mman.MAP_FIXED | Mman.MAP_FIXED_NOREPLACE)) != 0) {
            if ((addr & PAGE_MASK) != 0) throw err(Errno.EINVAL);
            if (addr + rounded > MemoryManager.TASK_SIZE || addr + rounded < addr) throw err(Errno.ENOMEM);
            if (addr < MemoryManager.MMAP_MIN_ADDR && t.creds().euid() != 0) throw err(Errno.EPERM);
        }
        if ((flags & Mman.MAP_HUGETLB) != 0) throw err(Errno.ENOMEM);
        MappedFile mf = anonymous ? null : mappedFile(t, f, prot, type != Mman.MAP_PRIVATE);
        return t.mm().mmap(addr, rounded, prot, flags, mf, anonymous ? 0 : off);
    }

    /** The checks of do_mmap for a file: readable, a mappable file (regular), and for shared maps not writable here. */
    private static MappedFile mappedFile(Task t, FileDescription f, int prot, boolean shared) throws ErrnoException {
        int acc = f.flags() & Fcntl.O_ACCMODE;
        if (f.isPath()) throw err(Errno.EBADF);
        if (!f.isRegular()) throw err(Errno.ENODEV);
        if (acc == Fcntl.O_WRONLY) throw err(Errno.EACCES);
        if (shared && (prot & Mman.PROT_WRITE) != 0) {
            if (acc != Fcntl.O_RDWR) throw err(Errno.EACCES);
            var cache = f.pageCache();
            if (cache == null) throw err(Errno.ENODEV);
            if (cache.writeSealed()) throw err(Errno.EPERM);
        }
        var attr = f.inode().getattr();
        if (!Stat.isReg(attr.mode())) throw err(Errno.ENODEV);
        return new MappedFile(f, t.kernel().vfs().pathOf(f), attr.dev(), attr.ino());
    }

    /** The character device 1:5. */
    private static boolean isDevZero(FileDescription f) throws ErrnoException {
        if (f.isPath() || f.location() == null) return false;
        var a = f.inode().getattr();
        return Stat.isChr(a.mode()) && a.rdev() == Stat.encodeDev(1, 5);
    }

    public static long munmap(Task t, long addr, long len, long a2, long a3, long a4, long a5) throws ErrnoException {
        if ((addr & PAGE_MASK) != 0 || len == 0) throw err(Errno.EINVAL);
        long rounded = MemoryManager.pageUp(len);
        if (addr + rounded > MemoryManager.TASK_SIZE || addr + rounded < addr || rounded == 0) throw err(Errno.EINVAL);
        t.mm().munmap(addr, rounded);
        return 0;
    }

    public static long mprotect(Task t, long addr, long len, long uprot, long a3, long a4, long a5) throws ErrnoException {
        int prot = (int) uprot;
        if ((addr & PAGE_MASK) != 0) throw err(Errno.EINVAL);
        if ((prot & ~(PROT_ALL | Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP)) != 0) throw err(Errno.EINVAL);
        if ((prot & Mman.PROT_GROWSDOWN) != 0 && (prot & Mman.PROT_GROWSUP) != 0) throw err(Errno.EINVAL);
        if ((prot & Mman.PROT_GROWSUP) != 0) throw err(Errno.EINVAL);
        long rounded = MemoryManager.pageUp(len);
        if (addr + rounded < addr || (len != 0 && rounded == 0)) throw err(Errno.ENOMEM);
        if (len == 0) return 0;
        t.mm().mprotect(addr, rounded, prot & (PROT_ALL | Mman.PROT_GROWSDOWN) & ~Mman.PROT_SEM);
        return 0;
    }

    /** brk: returns the new break, or the old one when it cannot move (never an error). */
    public static long brk(Task t, long addr, long a1, long a2, long a3, long a4, long a5) {
        return t.mm().brk(addr);
    }

    public static long mremap(Task t, long old, long oldLen, long newLen, long flags, long newAddr, long a5) throws ErrnoException {
        int f = (int) flags;
        if ((f & ~(Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED | Mman.MREMAP_DONTUNMAP)) != 0) throw err(Errno.EINVAL);
        if ((f & Mman.MREMAP_FIXED) != 0 && (f & Mman.MREMAP_MAYMOVE) == 0) throw err(Errno.EINVAL);
        if ((f & Mman.MREMAP_DONTUNMAP) != 0) throw err(Errno.EINVAL);
        if ((old & PAGE_MASK) != 0) throw err(Errno.EINVAL);
        long ol = MemoryManager.pageUp(oldLen), nl = MemoryManager.pageUp(newLen);
        if (nl == 0) throw err(Errno.EINVAL);
        if ((f & Mman.MREMAP_FIXED) != 0) {
            if ((newAddr & PAGE_MASK) != 0) throw err(Errno.EINVAL);
            if (newAddr + nl > MemoryManager.TASK_SIZE || newAddr + nl < newAddr) throw err(Errno.EINVAL);
        }
        return t.mm().mremap(old, ol, nl, f, newAddr);
    }

    public static long madvise(Task t, long addr, long len, long advice, long a3, long a4, long a5) throws ErrnoException {
        int adv = (int) advice;
        if (!validAdvice(adv)) throw err(Errno.EINVAL);
        if ((addr & PAGE_MASK) != 0) throw err(Errno.EINVAL);
        long rounded = MemoryManager.pageUp(len);
        if (len != 0 && rounded == 0) throw err(Errno.EINVAL);
        if (addr + rounded < addr) throw err(Errno.EINVAL);
        if (rounded == 0) return 0;
        t.mm().madvise(addr, rounded, adv);
        return 0;
    }

    private static boolean validAdvice(int a) {
        return switch (a) {
            case Mman.MADV_NORMAL, Mman.MADV_RANDOM, Mman.MADV_SEQUENTIAL, Mman.MADV_WILLNEED, Mman.MADV_DONTNEED,
                 Mman.MADV_FREE, Mman.MADV_REMOVE, Mman.MADV_DONTFORK, Mman.MADV_DOFORK, Mman.MADV_MERGEABLE,
                 Mman.MADV_UNMERGEABLE, Mman.MADV_HUGEPAGE, Mman.MADV_NOHUGEPAGE, Mman.MADV_DONTDUMP,
                 Mman.MADV_DODUMP, Mman.MADV_WIPEONFORK, Mman.MADV_KEEPONFORK, Mman.MADV_COLD, Mman.MADV_PAGEOUT,
                 Mman.MADV_POPULATE_READ, Mman.MADV_POPULATE_WRITE, Mman.MADV_DONTNEED_LOCKED -> true;
            default -> false;
        };
    }

    public static long mincore(Task t, long addr, long len, long vec, long a3, long a4, long a5) throws ErrnoException {
        if ((addr & PAGE_MASK) != 0) throw err(Errno.EINVAL);
        long rounded = MemoryManager.pageUp(len);
        if (addr + rounded > MemoryManager.TASK_SIZE || addr + rounded < addr) throw err(Errno.ENOMEM);
        if (rounded == 0) return 0;
        byte[] v = t.mm().mincore(addr, rounded);
        t.mem().copyOut(vec, v);
        return 0;
    }

    public static long msync(Task t, long addr, long len, long flags, long a3, long a4, long a5) throws ErrnoException {
        int f = (int) flags;
        if ((f & ~(Mman.MS_ASYNC | Mman.MS_INVALIDATE | Mman.MS_SYNC)) != 0) throw err(Errno.EINVAL);
        if ((addr & PAGE_MASK) != 0) throw err(Errno.EINVAL);
        if ((f & Mman.MS_ASYNC) != 0 && (f & Mman.MS_SYNC) != 0) throw err(Errno.EINVAL);
        long rounded = MemoryManager.pageUp(len);
        if (addr + rounded < addr) throw err(Errno.ENOMEM);
        if (rounded == 0) return 0;
        t.mm().msync(addr, rounded, (f & Mman.MS_INVALIDATE) != 0);
        return 0;
    }

    /** mlock, munlock: every page is always resident, so the range is only checked and marked VM_LOCKED. */
    public static long mlock(Task t, long addr, long len, long a2, long a3, long a4, long a5) throws ErrnoException {
        return lockRange(t, addr, len, true);
    }

    public static long munlock(Task t, long addr, long len, long a2, long a3, long a4, long a5) throws ErrnoException {
        return lockRange(t, addr, len, false);
    }

    private static long lockRange(Task t, long addr, long len, boolean lock) throws ErrnoException {
        long start = addr & ~PAGE_MASK;
        long rounded = MemoryManager.pageUp(len + (addr & PAGE_MASK));
        if (rounded == 0) return 0;
        t.mm().mlock(start, rounded, lock);
        return 0;
    }

    public static long mlockall(Task t, long flags, long a1, long a2, long a3, long a4, long a5) throws ErrnoException {
        int f = (int) flags;
        if (f == 0 || (f & ~(Mman.MCL_CURRENT | Mman.MCL_FUTURE | Mman.MCL_ONFAULT)) != 0 || f == Mman.MCL_ONFAULT) {
            throw err(Errno.EINVAL);
        }
        if ((f & Mman.MCL_CURRENT) != 0) t.mm().mlockAll(true);
        return 0;
    }

    public static long munlockall(Task t, long a0, long a1, long a2, long a3, long a4, long a5) {
        t.mm().mlockAll(false);
        return 0;
    }
}
