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
    private final long limitPages;
    private final TmpDir root;
    private volatile boolean frozen;

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
                            case "nr_inodes", "nr_blocks", "inode64", "noswap", "huge" -> {}
                            default -> throw ErrnoException.of(Errno.EINVAL);
                        }
                    } catch (NumberFormatException e) {
                        throw ErrnoException.of(Errno.EINVAL);
                    }
                }
                return new TmpFs("tmpfs", size, mode, uid, gid);
            }
        };
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
        long files = limitPages / 2;
        return new StatfsInfo(magic(), PAGE, limitPages, free, free, files, Math.max(0, files - inodes.get()), 255);
    }

    @Override
    public String options() {
        if (magic != Statfs.TMPFS_MAGIC) return "";
        return "size=" + limitPages * (PAGE / 1024) + "k,mode=" + Integer.toOctalString(root.mode() & Stat.S_IALLUGO);
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
