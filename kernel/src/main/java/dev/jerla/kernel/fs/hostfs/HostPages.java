package dev.jerla.kernel.fs.hostfs;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.mm.PageCache;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The page cache of a mapped host file and its own channel to the host file: pages are read on
 * first touch and written back by msync, fsync and the last unmap; then the cache is retired, so
 * a later mapping sees changes made on the host in the meantime.
 */
final class HostPages implements PageCache.Backing {
    private final HostFs fs;
    private final HostFs.FileKey key;
    private final FileChannel ch;
    /** The open file whose channel is borrowed when the path cannot be opened (an unlinked file), else null. */
    private final HostFile borrowed;
    final PageCache cache;

    /** @param origin the open file being mapped: its channel serves when the path no longer opens */
    HostPages(HostFs fs, HostFs.FileKey key, Path path, HostFile origin) {
        this.fs = fs;
        this.key = key;
        FileChannel c;
        try {
            c = open(path, !fs.readOnly());
        } catch (ErrnoException e) {
            c = null;
        }
        if (c == null) {
            origin.retain();
            c = origin.channel();
        }
        this.ch = c;
        this.borrowed = c == origin.channel() ? origin : null;
        this.cache = new PageCache(this, null);
    }

    private static FileChannel open(Path p, boolean write) throws ErrnoException {
        try {
            return write
                    ? FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                    : FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public long size() {
        try {
            return ch.size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void readPage(long index, MemorySegment page) throws ErrnoException {
        ByteBuffer b = page.asByteBuffer();
        try {
            long at = index * PageCache.PAGE_SIZE;
            while (b.hasRemaining()) {
                int n = ch.read(b, at + b.position());
                if (n <= 0) break;
            }
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public void writePage(long index, MemorySegment page, int len) throws ErrnoException {
        ByteBuffer b = page.asSlice(0, len).asByteBuffer();
        try {
            long at = index * PageCache.PAGE_SIZE;
            while (b.hasRemaining()) ch.write(b, at + b.position());
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    /** Writes dirty pages and forces them to the host disk (fsync, msync MS_SYNC). */
    void sync() throws ErrnoException {
        cache.writeBack();
        try {
            ch.force(true);
        } catch (IOException e) {
            throw HostErrno.of(e);
        }
    }

    @Override
    public void lastUnmap(PageCache c) {
        fs.retire(key, this);
    }

    /** Writes back and frees the pages and closes the channel (the cache is no longer reachable). */
    void close() {
        try {
            cache.writeBack();
        } catch (ErrnoException e) {
            // A write-back error after the last unmap has nobody to report to (as for Linux's writeback of a closed file).
        }
        cache.releaseAll();
        if (borrowed != null) {
            borrowed.release();
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // Nothing was left to write.
        }
    }
}
