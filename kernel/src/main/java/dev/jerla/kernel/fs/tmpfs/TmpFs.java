package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.abi.linux.Statfs;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.FileSystemType;
import dev.jerla.kernel.vfs.NewInode;
import dev.jerla.kernel.vfs.Times;

import java.util.concurrent.atomic.AtomicLong;

/** One tmpfs instance: its root directory, inode numbers, and the page budget of its size limit. */
public final class TmpFs extends FileSystem {
    public static final int PAGE = 4096;
    /** The size limit when none is given: half of the memory Jerla may use, like Linux's default of half of RAM. */
    public static final long DEFAULT_LIMIT = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2);

    private final AtomicLong nextIno = new AtomicLong(1);
    private final AtomicLong usedPages = new AtomicLong();
    private final AtomicLong inodes = new AtomicLong();
    private final String typeName;
    private final long magic;
    /** The size= limit in pages; changed only by a remount. */
    private volatile long limitPages;
    private final TmpDir root;
    private volatile boolean frozen;
    /** The nr_inodes= limit on inodes plus extra hard links (shmem's max_inodes); 0 for none. */
    private volatile long maxInodes;

    /** A tmpfs with the default size limit and a root directory of mode 1777 (as /tmp). */
    public TmpFs() {
        this("tmpfs", DEFAULT_LIMIT, Stat.S_ISVTX | 0777, 0, 0);
    }

    /** @param typeName "tmpfs", or "devtmpfs" for the tmpfs behind /dev */
    public TmpFs(String typeName, long limitBytes, int rootMode, int uid, int gid) {
        this(typeName, Statfs.TMPFS_MAGIC, limitBytes, rootMode, uid, gid);
    }

    /** A tmpfs reporting another type and f_type: the in-memory tree behind sysfs. */
    public TmpFs(String typeName, long magic, long limitBytes, int rootMode, int uid, int gid) {
        this.typeName = typeName;
        this.magic = magic;
        this.limitPages = limitBytes / PAGE + (limitBytes % PAGE != 0 ? 1 : 0);
        this.root = new TmpDir(this, new NewInode(Stat.S_IFDIR | (rootMode & Stat.S_IALLUGO), uid, gid, 0));
    }

    /** The mount(2) type "tmpfs" with the options size=, mode=, uid=, gid=. */
    public static FileSystemType fsType() {
        return new FileSystemType() {
            @Override public String name() { return "tmpfs"; }
            @Override public FileSystem mount(String source, String data) throws ErrnoException {
                long size = DEFAULT_LIMIT;
                int mode = Stat.S_ISVTX | 0777, uid = 0, gid = 0;
                long nrInodes = 0;
                for (String opt : data.split(",")) {
                    if (opt.isEmpty()) continue;
                    int eq = opt.indexOf('=');
                    String k = eq < 0 ? opt : opt.substring(0, eq), v = eq < 0 ? "" : opt.substring(eq + 1);
                    try {
                        switch (k) {
                            case "size" -> size = parseSize(v);
                            case "mode" -> mode = Integer.parseInt(v, 8);
                            case "uid" -> uid = Integer.parseInt(v);
                            case "gid" -> gid = Integer.parseInt(v);
                            case "nr_inodes" -> nrInodes = parseSize(v);
                            case "nr_blocks", "inode64", "noswap", "huge" -> {}
                            default -> throw ErrnoException.of(Errno.EINVAL);
                        }
                    } catch (NumberFormatException e) {
                        throw ErrnoException.of(Errno.EINVAL);
                    }
                }
                if (nrInodes < 0) throw ErrnoException.of(Errno.EINVAL);
                TmpFs fs = new TmpFs("tmpfs", size, mode, uid, gid);
                fs.maxInodes = nrInodes;
                return fs;
            }
        };
    }

    /**
     * shmem_reconfigure: size= and nr_inodes= change the limits, EINVAL below what is in use or
     * for an inode limit on a tmpfs mounted without one; other known options are kept as they were.
     */
    @Override
    public void remount(String data) throws ErrnoException {
        long pages = -1, nrInodes = -1;
        for (String opt : data.split(",")) {
            int eq = opt.indexOf('=');
            if (eq < 0) continue;
            String k = opt.substring(0, eq), v = opt.substring(eq + 1);
            try {
                if (k.equals("size")) {
                    long size = parseSize(v);
                    pages = size / PAGE + (size % PAGE != 0 ? 1 : 0);
                } else if (k.equals("nr_inodes")) {
                    nrInodes = parseSize(v);
                }
            } catch (NumberFormatException e) {
                throw ErrnoException.of(Errno.EINVAL);
            }
        }
        synchronized (this) {
            if (pages >= 0 && pages < usedPages.get()) throw ErrnoException.of(Errno.EINVAL);
            if (nrInodes >= 0 && (maxInodes == 0 || nrInodes < inodes.get())) throw ErrnoException.of(Errno.EINVAL);
            if (pages >= 0) limitPages = pages;
            if (nrInodes >= 0) maxInodes = nrInodes;
        }
    }

    private static long parseSize(String v) {
        long mul = 1;
        char last = v.isEmpty() ? ' ' : Character.toLowerCase(v.charAt(v.length() - 1));
        switch (last) {
            case 'k' -> mul = 1L << 10;
            case 'm' -> mul = 1L << 20;
            case 'g' -> mul = 1L << 30;
            case '%' -> { return DEFAULT_LIMIT * 2 * Long.parseLong(v.substring(0, v.length() - 1)) / 100; }
            default -> { return Long.parseLong(v); }
        }
        return Long.parseLong(v.substring(0, v.length() - 1)) * mul;
    }

    @Override public String type() { return typeName; }
    @Override public long magic() { return magic; }
    @Override public DirectoryInode root() { return root; }

    @Override
    public StatfsInfo statfs() {
        long used = usedPages.get();
        long free = Math.max(0, limitPages - used);
        long files = maxInodes > 0 ? maxInodes : limitPages / 2;
        return new StatfsInfo(magic(), PAGE, limitPages, free, free, files, Math.max(0, files - inodes.get()), 255);
    }

    @Override
    public String options() {
        if (magic != Statfs.TMPFS_MAGIC) return "";
        return "size=" + limitPages * (PAGE / 1024) + "k" + (maxInodes > 0 ? ",nr_inodes=" + maxInodes : "")
                + ",mode=" + Integer.toOctalString(root.mode() & Stat.S_IALLUGO);
    }

    /**
     * The file behind memfd_create(2): no name, outside the size limit, sealable only with
     * MFD_ALLOW_SEALING (memfd_alloc_file).
     */
    public FileInode memfdFile(NewInode n, boolean allowSealing) {
        TmpFile f = new TmpFile(this, n);
        f.orphan();
        if (allowSealing) f.allowSealing();
        return f;
    }

    /**
     * Fixes the tree as it is (sysfs: its directories have no create, mkdir or unlink operations
     * and its files no write method). Called once it is filled.
     */
    public void freeze() { frozen = true; }

    boolean frozen() { return frozen; }

    /** Refuses a change of names in a frozen tree with the errno Linux gives for the missing operation. */
    void checkMutable(Errno e) throws ErrnoException {
        if (frozen) throw ErrnoException.of(e);
    }

    long newIno() {
        inodes.incrementAndGet();
        return nextIno.getAndIncrement();
    }

    void freeIno() { inodes.decrementAndGet(); }

    /** Before a new inode is made: ENOSPC when nr_inodes are in use (shmem_reserve_inode). */
    void checkInodeFree() throws ErrnoException {
        if (maxInodes > 0 && inodes.get() >= maxInodes) throw ErrnoException.of(Errno.ENOSPC);
    }

    /** A second or later hard link costs an inode too (shmem_link), so nr_inodes bounds directory entries. */
    void reserveLink() throws ErrnoException {
        checkInodeFree();
        inodes.incrementAndGet();
    }

    /** Takes {@code pages} from the budget; ENOSPC when the size limit would be passed. */
    void charge(long pages) throws ErrnoException {
        if (usedPages.addAndGet(pages) > limitPages) {
            usedPages.addAndGet(-pages);
            throw ErrnoException.of(Errno.ENOSPC);
        }
    }

    void uncharge(long pages) { usedPages.addAndGet(-pages); }

    static long now() { return Times.now(); }
}
