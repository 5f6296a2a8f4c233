package dev.jerla.cli.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes an initramfs: a gzip-compressed cpio archive in the "newc" format, the format Linux
 * unpacks at boot (Documentation/driver-api/early-userspace/buffer-format.rst, init/initramfs.c).
 * Names are relative ("bin/busybox"), every entry is owned by root and carries the same
 * modification time, and parent directories are written before their children (added with mode
 * 0755 when the caller did not write them), so the archive is reproducible and unpacks in order.
 */
public final class InitramfsWriter implements AutoCloseable {
    private final CpioArchiveOutputStream cpio;
    private final long mtime;
    private final Set<String> written = new HashSet<>();
    private long nextInode = 1;

    /**
     * @param out where the compressed archive goes (closed by {@link #close()})
     * @param mtime the modification time of every entry, in seconds since the epoch
     */
    public InitramfsWriter(OutputStream out, long mtime) throws IOException {
        this.cpio = new CpioArchiveOutputStream(new GZIPOutputStream(out, 1 << 16), CpioConstants.FORMAT_NEW);
        this.mtime = mtime;
    }

    /** Adds a directory with permission bits {@code mode} (e.g. 01777 for /tmp). */
    public void directory(String path, int mode) throws IOException {
        String name = checkedName(path);
        parents(name);
        put(name, CpioConstants.C_ISDIR | mode, 2, 0, 0, new byte[0]);
    }

    /** Adds a regular file. */
    public void file(String path, int mode, byte[] content) throws IOException {
        String name = checkedName(path);
        parents(name);
        put(name, CpioConstants.C_ISREG | mode, 1, 0, 0, content);
    }

    /** Adds a symbolic link to {@code target}. */
    public void symlink(String path, String target) throws IOException {
        String name = checkedName(path);
        parents(name);
        put(name, CpioConstants.C_ISLNK | 0777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a character device node (e.g. /dev/console is 5:1). */
    public void characterDevice(String path, int mode, int major, int minor) throws IOException {
        String name = checkedName(path);
        parents(name);
        put(name, CpioConstants.C_ISCHR | mode, 1, major, minor, new byte[0]);
    }

    /** True if {@code path} has been written (explicitly or as a parent). */
    public boolean contains(String path) {
        return written.contains(path);
    }

    /** Writes the trailer and closes the stream. */
    @Override
    public void close() throws IOException {
        cpio.close();
    }

    private void parents(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            String parent = name.substring(0, slash);
            if (!written.contains(parent)) {
                parents(parent);
                put(parent, CpioConstants.C_ISDIR | 0755, 2, 0, 0, new byte[0]);
            }
        }
    }

    private void put(String name, int mode, int links, int rdevMajor, int rdevMinor, byte[] content)
            throws IOException {
        if (!written.add(name)) {
            throw new ImageException("duplicate entry in the image: /" + name);
        }
        CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, content.length);
        entry.setMode(mode);
        entry.setUID(0);
        entry.setGID(0);
        entry.setNumberOfLinks(links);
        entry.setInode(nextInode++);
        entry.setTime(mtime);
        entry.setRemoteDeviceMaj(rdevMajor);
        entry.setRemoteDeviceMin(rdevMinor);
        cpio.putArchiveEntry(entry);
        cpio.write(content);
        cpio.closeArchiveEntry();
    }

    /** A relative, normalized archive name: no leading '/', no "." or ".." or empty components. */
    static String checkedName(String path) throws ImageException {
        String name = path;
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            throw new ImageException("empty path in the image");
        }
        for (String component : name.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw new ImageException("bad path in the image: " + path);
            }
        }
        return name;
    }
}
