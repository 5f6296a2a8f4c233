package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Credentials;

/** Access checks on inodes: generic_permission() and the sticky-directory rule of fs/namei.c. */
public final class Permission {
    public static final int MAY_EXEC = 1;
    public static final int MAY_WRITE = 2;
    public static final int MAY_READ = 4;

    private Permission() {}

    /**
     * Checks {@code mask} (MAY_*) against the mode bits with the owner, group or other class
     * picked by the fsuid and groups. Root (fsuid 0, CAP_DAC_OVERRIDE) may read and write
     * anything and search any directory, but executes a file only if some x bit is set.
     */
    public static void check(Credentials c, Inode inode, int mask) throws ErrnoException {
        if (!allowed(c, inode.mode(), inode.uid(), inode.gid(), mask)) throw ErrnoException.of(Errno.EACCES);
    }

    public static boolean allowed(Credentials c, int mode, int uid, int gid, int mask) {
        mask &= 7;
        if (c.fsuid() == 0) {
            if ((mask & MAY_EXEC) == 0 || Stat.isDir(mode)) return true;
            return (mode & 0111) != 0;
        }
        int bits;
        if (c.fsuid() == uid) bits = mode >> 6;
        else if (c.inGroup(gid)) bits = mode >> 3;
        else bits = mode;
        return (mask & ~bits & 7) == 0;
    }

    /** True if {@code c} owns the inode or is root (inode_owner_or_capable). */
    public static boolean ownerOrRoot(Credentials c, Inode inode) {
        return c.fsuid() == 0 || c.fsuid() == inode.uid();
    }

    /**
     * In a sticky directory only the file's owner, the directory's owner or root may remove or
     * rename an entry (check_sticky). @throws ErrnoException EPERM
     */
    public static void checkSticky(Credentials c, Inode dir, Inode victim) throws ErrnoException {
        if ((dir.mode() & Stat.S_ISVTX) == 0) return;
        if (c.fsuid() == 0 || c.fsuid() == victim.uid() || c.fsuid() == dir.uid()) return;
        throw ErrnoException.of(Errno.EPERM);
    }

    /**
     * The set-id bits a change of owner or contents drops (should_remove_suid): S_ISUID, and
     * S_ISGID when group execute is set (without it, S_ISGID marks mandatory locking).
     */
    public static int setidToKill(int mode) {
        int kill = mode & Stat.S_ISUID;
        if ((mode & (Stat.S_ISGID | 0010)) == (Stat.S_ISGID | 0010)) kill |= Stat.S_ISGID;
        return kill;
    }

    /**
     * file_remove_privs: a write or truncate of a regular file by a user without CAP_FSETID
     * (not root) drops its set-id bits.
     */
    public static void removePrivs(Credentials c, Inode inode) throws ErrnoException {
        int mode = inode.mode();
        if (c.fsuid() == 0 || !Stat.isReg(mode)) return;
        int kill = setidToKill(mode);
        if (kill != 0) inode.setattr(SetAttr.mode(mode & ~kill & Stat.S_IALLUGO));
    }

    /** Credentials acting with the real ids, for access(2) and faccessat without AT_EACCESS. */
    public static Credentials realIds(Credentials c) {
        return new Credentials(c.uid(), c.euid(), c.suid(), c.uid(), c.gid(), c.egid(), c.sgid(), c.gid(), c.groups());
    }
}
