package dev.jerla.kernel.fs.hostfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.vfs.Attr;
import dev.jerla.kernel.vfs.Dentry;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileSystem;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A host directory as a filesystem: the root {@link HostInode} and what statfs reports (the host's numbers). */
public final class HostFs extends FileSystem {
    /** f_type reported for host directories: "JRLH". */
    public static final long HOSTFS_MAGIC = 0x4a524c48L;

    private final Path rootPath;
    private final boolean readOnly;
    private final HostInode.Dir root;
    /** The pipe of each host FIFO guests have opened, by host device and inode number. */
    private final Map<List<Long>, Pipe> fifos = new ConcurrentHashMap<>();
    /** The page cache of each mapped host file, by host device and inode number; guarded by itself. */
    private final Map<FileKey, HostPages> caches = new HashMap<>();

    /** A host file's identity. */
    record FileKey(long dev, long ino) {}

    /**
     * @param directory an existing host directory (symbolic links in the path itself are resolved once, here)
     * @throws ErrnoException ENOENT or ENOTDIR if it is not a directory
     */
    public HostFs(Path directory, boolean readOnly) throws ErrnoException {
        try {
            this.rootPath = directory.toRealPath();
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
        this.readOnly = readOnly;
        HostInode i = HostInode.of(this, rootPath);
        if (!(i instanceof HostInode.Dir d)) throw ErrnoException.of(Errno.ENOTDIR);
        this.root = d;
    }

    boolean readOnly() { return readOnly; }

    Pipe fifo(HostInode i) {
        Attr a = i.cached();
        return fifos.computeIfAbsent(List.of(a.dev(), a.ino()), k -> new Pipe(i));
    }

    /** The page cache of a host file, made for a new mapping of {@code origin} if not null; else null if none. */
    HostPages pages(HostInode i, HostFile origin) {
        Attr a = i.cached();
        FileKey k = new FileKey(a.dev(), a.ino());
        synchronized (caches) {
            if (caches.isEmpty() && origin == null) return null;
            HostPages p = caches.get(k);
            if (p == null && origin != null) {
                p = new HostPages(this, k, i.path(), origin);
                caches.put(k, p);
            }
            return p;
        }
    }

    /** The last mapping of a host file is gone: write its pages back and forget them. */
    void retire(FileKey k, HostPages p) {
        synchronized (caches) {
            if (caches.get(k) != p || p.cache.mapCount() > 0) return;
            caches.remove(k);
            p.close();
        }
    }

    @Override public String type() { return "hostfs"; }
    @Override public long magic() { return HOSTFS_MAGIC; }
    @Override public DirectoryInode root() { return root; }

    /**
     * A cached name stays valid while the host still has the same file there, checked at most
     * once per {@link HostInode#ENTRY_TIMEOUT_NANOS}; names changed through Jerla are updated
     * by the VFS directly.
     */
    @Override
    public boolean revalidate(Dentry d) {
        if (!(d.inode() instanceof HostInode h)) return false;
        // A name moved by a rename through Jerla (its own or an ancestor's): follow it, then check the host.
        Path expected = expectedPath(d);
        if (expected != null && !expected.equals(h.path())) {
            h.moveTo(expected);
            return h.refresh();
        }
        return h.revalidate();
    }

    /**
     * Where the dentry's file is on the host now, from its chain of names up to the filesystem
     * root; each ancestor's inode is moved along, since a descriptor or working directory may
     * hold a directory whose own ancestor was renamed. Null at the root.
     */
    private static Path expectedPath(Dentry d) {
        Dentry parent = d.parent();
        if (parent == null || !(parent.inode() instanceof HostInode.Dir dir)) return null;
        Path above = expectedPath(parent);
        if (above != null && !above.equals(dir.path())) dir.moveTo(above);
        return dir.path().resolve(d.name());
    }

    @Override
    public StatfsInfo statfs() {
        try {
            FileStore s = Files.getFileStore(rootPath);
            long bs = Math.max(512, s.getBlockSize());
            return new StatfsInfo(magic(), bs, s.getTotalSpace() / bs, s.getUnallocatedSpace() / bs,
                    s.getUsableSpace() / bs, 0, 0, 255);
        } catch (IOException | UnsupportedOperationException e) {
            return super.statfs();
        }
    }

    @Override
    public String options() {
        return "root=" + rootPath;
    }
}
