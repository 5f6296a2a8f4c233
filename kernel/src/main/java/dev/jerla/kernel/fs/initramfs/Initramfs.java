package dev.jerla.kernel.fs.initramfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.DirectoryInode;
import dev.jerla.kernel.vfs.FileInode;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.NewInode;
import dev.jerla.kernel.vfs.SetAttr;
import dev.jerla.kernel.vfs.SymlinkInode;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Unpacks an initramfs into a root directory as init/initramfs.c does: one or more cpio
 * "newc"/"crc" archives (optionally gzip- or bzip2-compressed), entries created in order with
 * their exact mode, owner and mtime; regular files with a link count above one become hard links
 * to the first entry with the same inode number; an existing entry of another type is removed
 * first; directory times are set at the end. Errors in one entry are reported and skipped, as
 * Linux does, so a damaged archive yields as much of the tree as it can.
 */
public final class Initramfs {
    private static final int HEADER = 110;
    private static final int MAX_SYMLINK_DEPTH = 40;

    private final DirectoryInode root;
    private final PrintStream log;
    private final Map<String, Inode> links = new HashMap<>();
    private final List<DirTime> dirTimes = new ArrayList<>();
    private long pos;

    private record DirTime(Inode dir, long mtime) {}

    private Initramfs(DirectoryInode root, PrintStream log) {
        this.root = root;
        this.log = log;
    }

    /**
     * Unpacks {@code archive} into {@code root}.
     * @param log where damaged entries are reported
     * @throws IOException if the archive cannot be read or is not a cpio archive at all
     */
    public static void unpack(InputStream archive, DirectoryInode root, PrintStream log) throws IOException {
        new Initramfs(root, log).run(decompress(archive));
    }

    private static InputStream decompress(InputStream in) throws IOException {
        InputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(4);
        int m0 = b.read(), m1 = b.read(), m2 = b.read();
        b.reset();
        if (m0 == 0x1f && (m1 == 0x8b || m1 == 0x9e)) return new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16);
        if (m0 == 'B' && m1 == 'Z' && m2 == 'h') return new BufferedInputStream(new BZip2CompressorInputStream(b, true), 1 << 16);
        if (m0 == 0xfd && m1 == '7' && m2 == 'z') throw new IOException("initramfs: xz compression is not supported (use gzip)");
        if (m0 == 0x28 && m1 == 0xb5 && m2 == 0x2f) throw new IOException("initramfs: zstd compression is not supported (use gzip)");
        return b;
    }

    private void run(InputStream in) throws IOException {
        boolean any = false;
        while (true) {
            // Archives may be followed by zero padding and further archives (unpack_to_rootfs).
            int c = in.read();
            pos++;
            if (c < 0) break;
            if (c == 0) continue;
            byte[] hdr = new byte[HEADER];
            hdr[0] = (byte) c;
            readFully(in, hdr, 1, HEADER - 1);
            String magic = new String(hdr, 0, 6, StandardCharsets.US_ASCII);
            if (!magic.equals("070701") && !magic.equals("070702")) {
                if (!any) throw new IOException("initramfs: not a cpio newc archive (magic " + magic + ")");
                throw new IOException("initramfs: junk in compressed archive at offset " + (pos - 1));
            }
            any = true;
            long ino = hex(hdr, 6), mode = hex(hdr, 14), uid = hex(hdr, 22), gid = hex(hdr, 30);
            long nlink = hex(hdr, 38), mtime = hex(hdr, 46), size = hex(hdr, 54);
            long major = hex(hdr, 62), minor = hex(hdr, 70), rmajor = hex(hdr, 78), rminor = hex(hdr, 86);
            int namesize = (int) hex(hdr, 94);
            if (namesize <= 0 || namesize > 4096 + 1) throw new IOException("initramfs: bad name size " + namesize);
            byte[] nameBytes = new byte[namesize];
            readFully(in, nameBytes, 0, namesize);
            skipPad(in);
            String name = GuestStrings.decode(nameBytes, 0, namesize - 1);
            if (size > Integer.MAX_VALUE) throw new IOException("initramfs: entry too large: " + name);
            byte[] body = new byte[(int) size];
            readFully(in, body, 0, body.length);
            skipPad(in);
            if (name.equals("TRAILER!!!")) {
                links.clear();
                continue;
            }
            try {
                entry(name, (int) mode, (int) uid, (int) gid, nlink, mtime, body,
                        ino + ":" + major + ":" + minor + ":" + (mode & Stat.S_IFMT), Stat.encodeDev((int) rmajor, (int) rminor));
            } catch (ErrnoException e) {
                log.println("initramfs: " + name + ": " + e.getMessage());
            }
        }
        for (DirTime d : dirTimes) {
            try {
                d.dir.setattr(SetAttr.times(d.mtime, d.mtime));
            } catch (ErrnoException e) {
                log.println("initramfs: setting directory time: " + e.getMessage());
            }
        }
    }

    private void entry(String name, int mode, int uid, int gid, long nlink, long mtime, byte[] body, String linkKey, long rdev)
            throws ErrnoException {
        long mtimeNs = mtime * 1_000_000_000L;
        Parent p = parent(name);
        if (p == null) {
            // "." or "/": the root itself takes the entry's owner and mode (init_chown/init_chmod on ".").
            if (Stat.isDir(mode)) {
                root.setattr(new SetAttr(mode & Stat.S_IALLUGO, uid, gid, SetAttr.KEEP, SetAttr.KEEP, SetAttr.KEEP));
                dirTimes.add(new DirTime(root, mtimeNs));
            }
            return;
        }
        DirectoryInode dir = p.dir;
        String last = p.last;
        Inode existing = dir.lookup(last);
        if (existing != null && (existing.mode() & Stat.S_IFMT) != (mode & Stat.S_IFMT)) {
            // clean_path(): a different kind of file is in the way.
            if (existing instanceof DirectoryInode d) dir.rmdir(last, d);
            else dir.unlink(last, existing);
            existing = null;
        }
        NewInode n = new NewInode(mode, uid, gid, rdev);
        SetAttr attrs = new SetAttr(mode & Stat.S_IALLUGO, uid, gid, SetAttr.KEEP, mtimeNs, mtimeNs);
        switch (mode & Stat.S_IFMT) {
            case Stat.S_IFREG -> {
                Inode f;
                Inode first = nlink >= 2 ? links.get(linkKey) : null;
                if (first != null) {
                    if (existing != null) dir.unlink(last, existing);
                    dir.link(last, first);
                    f = first;
                } else {
                    f = existing != null ? existing : dir.create(last, n);
                    if (existing != null) f.setattr(SetAttr.size(0));
                    if (nlink >= 2) links.put(linkKey, f);
                }
                if (body.length > 0) {
                    if (!(f instanceof FileInode fi)) throw ErrnoException.of(Errno.EINVAL);
                    int done = 0;
                    while (done < body.length) done += fi.write(done, body, done, body.length - done);
                }
                f.setattr(attrs);
            }
            case Stat.S_IFDIR -> {
                Inode d = existing != null ? existing : dir.mkdir(last, n);
                d.setattr(new SetAttr(mode & Stat.S_IALLUGO, uid, gid, SetAttr.KEEP, SetAttr.KEEP, SetAttr.KEEP));
                dirTimes.add(new DirTime(d, mtimeNs));
            }
            case Stat.S_IFLNK -> {
                if (existing != null) dir.unlink(last, existing);
                int len = body.length;
                while (len > 0 && body[len - 1] == 0) len--;
                Inode l = dir.symlink(last, GuestStrings.decode(body, 0, len), n);
                l.setattr(new SetAttr(SetAttr.KEEP, uid, gid, SetAttr.KEEP, mtimeNs, mtimeNs));
            }
            case Stat.S_IFCHR, Stat.S_IFBLK, Stat.S_IFIFO, Stat.S_IFSOCK -> {
                if (existing != null) dir.unlink(last, existing);
                dir.mknod(last, n).setattr(attrs);
            }
            default -> throw ErrnoException.of(Errno.EINVAL);
        }
    }

    private record Parent(DirectoryInode dir, String last) {}

    /** The directory that holds {@code name} and its last component; null for the root itself. */
    private Parent parent(String name) throws ErrnoException {
        List<String> comps = new ArrayList<>();
        for (String c : name.split("/")) if (!c.isEmpty() && !c.equals(".")) comps.add(c);
        if (comps.isEmpty()) return null;
        String last = comps.removeLast();
        if (last.equals("..")) throw ErrnoException.of(Errno.EINVAL);
        DirectoryInode dir = walk(List.of(root), comps, 0);
        return new Parent(dir, last);
    }

    /**
     * Walks directories from the last of {@code path} (the chain of directories from the root),
     * following symbolic links within the new root.
     */
    private DirectoryInode walk(List<DirectoryInode> path, List<String> comps, int depth) throws ErrnoException {
        List<DirectoryInode> chain = new ArrayList<>(path);
        for (String c : comps) {
            if (c.equals("..")) {
                if (chain.size() > 1) chain.removeLast();
                continue;
            }
            Inode next = chain.getLast().lookup(c);
            if (next == null) throw ErrnoException.of(Errno.ENOENT);
            if (next instanceof SymlinkInode l) {
                if (depth >= MAX_SYMLINK_DEPTH) throw ErrnoException.of(Errno.ELOOP);
                String target = l.readlink(null);
                List<String> tc = new ArrayList<>();
                for (String x : target.split("/")) if (!x.isEmpty() && !x.equals(".")) tc.add(x);
                next = walk(target.startsWith("/") ? List.of(root) : chain, tc, depth + 1);
            }
            if (!(next instanceof DirectoryInode d)) throw ErrnoException.of(Errno.ENOTDIR);
            chain.add(d);
        }
        return chain.getLast();
    }

    private void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) throw new EOFException("initramfs: truncated archive at offset " + pos);
            off += n;
            len -= n;
            pos += n;
        }
    }

    private void skipPad(InputStream in) throws IOException {
        while ((pos & 3) != 0) {
            if (in.read() < 0) throw new EOFException("initramfs: truncated archive");
            pos++;
        }
    }

    private static long hex(byte[] b, int off) throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(b[off + i], 16);
            if (d < 0) throw new IOException("initramfs: bad header field");
            v = v << 4 | d;
        }
        return v;
    }
}
