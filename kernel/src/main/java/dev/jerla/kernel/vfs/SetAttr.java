package dev.jerla.kernel.vfs;

/**
 * A change of attributes (struct iattr of include/linux/fs.h): chmod, chown, utimensat and
 * truncate. A field equal to {@link #KEEP} is left unchanged. ctime is always updated by the
 * filesystem when anything changes.
 */
public record SetAttr(long mode, long uid, long gid, long size, long atime, long mtime) {
    public static final long KEEP = Long.MIN_VALUE;

    public static SetAttr mode(int mode) { return new SetAttr(mode, KEEP, KEEP, KEEP, KEEP, KEEP); }

    public static SetAttr owner(long uid, long gid) { return new SetAttr(KEEP, uid, gid, KEEP, KEEP, KEEP); }

    public static SetAttr size(long size) { return new SetAttr(KEEP, KEEP, KEEP, size, KEEP, KEEP); }

    public static SetAttr times(long atime, long mtime) { return new SetAttr(KEEP, KEEP, KEEP, KEEP, atime, mtime); }

    public boolean changesMode() { return mode != KEEP; }
    public boolean changesUid() { return uid != KEEP; }
    public boolean changesGid() { return gid != KEEP; }
    public boolean changesSize() { return size != KEEP; }
    public boolean changesAtime() { return atime != KEEP; }
    public boolean changesMtime() { return mtime != KEEP; }
}
