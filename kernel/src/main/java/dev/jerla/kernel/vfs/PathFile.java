package dev.jerla.kernel.vfs;

/** A file opened with O_PATH: a location to use as a dirfd or with fstat, without file operations. */
public final class PathFile extends FileDescription {
    private final Location loc;

    public PathFile(Location loc, int flags) {
        super(flags);
        this.loc = loc;
    }

    @Override public Location location() { return loc; }
    @Override public Inode inode() { return loc.inode(); }
}
