package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.fs.notify.InotifyFile;
import dev.jerla.kernel.mm.UserMemory;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.task.PidFd;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.DirectoryFile;
import dev.jerla.kernel.vfs.FileDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Moving data into, out of and between pipes without a user buffer (fs/splice.c): splice, tee
 * and vmsplice. Jerla copies the bytes (no page gifting or stealing), but keeps Linux's
 * semantics: how much one call moves, when it waits, what it consumes, and its errors. Bytes
 * spliced out of a pipe are consumed only once written (so a short write leaves the rest queued).
 *
 * <p>Lock order: a pipe's {@code spliceMu}, then pipe monitors (two pipes in identity-hash order,
 * as pipe_double_lock), never held while sleeping.
 */
public final class Splice {
    private Splice() {}

    /** splice/tee/vmsplice flags (include/linux/splice.h); all are hints except NONBLOCK. */
    public static final int SPLICE_F_MOVE = 1, SPLICE_F_NONBLOCK = 2, SPLICE_F_MORE = 4, SPLICE_F_GIFT = 8;
    public static final int SPLICE_F_ALL = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT;

    /** The most one splice between a pipe and a file moves per write. */
    private static final int CHUNK = 1 << 20;
    private static final Object TIE_LOCK = new Object();

    /** The pipe behind {@code f} if it is a pipe or FIFO end (get_pipe_info), else null. */
    public static Pipe pipeOf(FileDescription f) {
        return f instanceof PipeFile pf ? pf.pipe() : null;
    }

    /**
     * True if {@code f} has splice_read / splice_write methods: every file Linux splices except
     * the anonymous event files and directories, which answer EINVAL.
     */
    public static boolean spliceable(FileDescription f) {
        return !(f instanceof EventFd || f instanceof SignalFd || f instanceof TimerFd || f instanceof Epoll
                || f instanceof PidFd || f instanceof InotifyFile || f instanceof DirectoryFile);
    }

    // ---------------------------------------------------------------- waiting

    /**
     * ipipe_prep: waits until {@code p} has data; false at end of file (empty, no writer).
     * EAGAIN if it would wait and {@code nonblock}.
     */
    private static boolean waitReadable(Task t, Pipe p, boolean nonblock) throws ErrnoException {
        while (true) {
            synchronized (p) {
                if (p.available() > 0) return true;
                if (!p.hasWriters()) return false;
                if (nonblock) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> p.available() > 0 || !p.hasWriters(), Long.MAX_VALUE, p.waitQueue());
        }
    }

    /** wait_for_space / opipe_prep: waits for room in {@code p}; SIGPIPE and EPIPE without readers. */
    private static void waitWritable(Task t, Pipe p, boolean nonblock) throws ErrnoException {
        while (true) {
            synchronized (p) {
                if (!p.hasReaders()) throw epipe(t);
                if (p.freeSlots() > 0) return;
                if (nonblock) throw ErrnoException.of(Errno.EAGAIN);
            }
            t.waitInterruptibly(() -> !p.hasReaders() || p.freeSlots() > 0, Long.MAX_VALUE, p.waitQueue());
        }
    }

    /** The bytes the free slots of {@code p} hold when filled with whole pages. */
    private static int slotBytes(Pipe p) {
        return p.freeSlots() * Pipe.PAGE;
    }

    /**
     * How many bytes of {@code iov} fit in {@code slots} pipe buffers, each holding the user
     * memory up to the next page boundary (iter_to_pipe), capped to the buffer bytes.
     */
    static int userBytesFitting(UserMemory.Iovec[] iov, int slots) {
        long bytes = 0;
        for (UserMemory.Iovec v : iov) {
            long addr = v.base(), left = v.len();
            while (left > 0) {
                if (slots == 0) return (int) bytes;
                long k = Math.min(left, Pipe.PAGE - (addr & (Pipe.PAGE - 1)));
                bytes += k;
                addr += k;
                left -= k;
                slots--;
            }
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    private static ErrnoException epipe(Task t) {
        t.kernel().signalTask(t, Signal.SIGPIPE);
        return ErrnoException.of(Errno.EPIPE);
    }

    /** Runs {@code body} holding both pipes' monitors, taken in a fixed order (pipe_double_lock). */
    private static <T> T doubleLocked(Pipe a, Pipe b, LockedBody<T> body) throws ErrnoException {
        int ha = System.identityHashCode(a), hb = System.identityHashCode(b);
        if (ha == hb) {
            synchronized (TIE_LOCK) {
                synchronized (a) { synchronized (b) { return body.run(); } }
            }
        }
        Pipe first = ha < hb ? a : b, second = ha < hb ? b : a;
        synchronized (first) { synchronized (second) { return body.run(); } }
    }

    private interface LockedBody<T> {
        T run() throws ErrnoException;
    }

    // ---------------------------------------------------------------- pipe to pipe

    /**
     * splice_pipe_to_pipe: moves up to {@code len} bytes, as many as are queued and fit, once
     * there is data to move and room for it.
     */
    public static long pipeToPipe(Task t, Pipe in, Pipe out, long len, boolean nonblock) throws ErrnoException {
        while (true) {
            if (!waitReadable(t, in, nonblock)) {
                if (!out.hasReaders()) throw epipe(t);
                return 0;
            }
            waitWritable(t, out, nonblock);
            Integer moved;
            synchronized (in.spliceMu) {
                moved = doubleLocked(in, out, () -> {
                    if (!out.hasReaders()) throw epipe(t);
                    int queued = in.available();
                    if (queued == 0 && !in.hasWriters()) return 0;
                    int n = (int) Math.min(len, Math.min(queued, slotBytes(out)));
                    if (n == 0) {
                        if (nonblock) throw ErrnoException.of(Errno.EAGAIN);
                        return null;
                    }
                    byte[] b = new byte[n];
                    in.peek(b, 0, n);
                    out.fill(b, 0, n);
                    in.consume(n);
                    return n;
                });
            }
            if (moved != null) return moved;
        }
    }

    /**
     * tee (link_pipe): copies up to {@code len} queued bytes of {@code in} into {@code out}
     * without consuming them; 0 when {@code in} is at end of file.
     */
    public static long tee(Task t, Pipe in, Pipe out, long len, boolean nonblock) throws ErrnoException {
        waitReadable(t, in, nonblock);
        waitWritable(t, out, nonblock);
        return doubleLocked(in, out, () -> {
            if (!out.hasReaders()) throw epipe(t);
            int n = (int) Math.min(len, Math.min(in.available(), slotBytes(out)));
            if (n == 0) return 0;
            byte[] b = new byte[n];
            in.peek(b, 0, n);
            return out.fill(b, 0, n);
        });
    }

    // ---------------------------------------------------------------- files and pipes

    /**
     * splice_file_to_pipe: waits for room in {@code out}, then reads once from {@code in} (at
     * {@code pos}, or at its file offset when {@code pos} is negative) as much as fits. A
     * socket honours {@code nonblock} itself (MSG_DONTWAIT); other files block only as their
     * own read does.
     */
    public static int fileToPipe(Task t, FileDescription in, long pos, Pipe out, long len, boolean nonblock)
            throws ErrnoException {
        while (true) {
            waitWritable(t, out, nonblock);
            // A page of the page cache fills a slot from the file position to the page's end.
            long start = pos >= 0 ? pos : in.pos();
            int skew = in.isRegular() ? (int) (start % Pipe.PAGE) : 0;
            int want = (int) Math.min(len, Math.max(0, slotBytes(out) - skew));
            if (want == 0) continue;
            if (nonblock && in instanceof Socket
                    && (in.poll() & (Poll.POLLIN | Poll.POLLHUP | Poll.POLLERR | Poll.POLLRDHUP)) == 0) {
                throw ErrnoException.of(Errno.EAGAIN);
            }
            byte[] b = new byte[want];
            int n = pos < 0 ? in.read(t, b, 0, want) : in.pread(b, 0, want, pos);
            if (n > 0) put(t, out, b, n);
            return n;
        }
    }

    /**
     * Queues bytes already taken from their source. Room was there before the read; should
     * another writer have taken it meanwhile, the rest waits for room (or for the last reader to go).
     */
    private static void put(Task t, Pipe out, byte[] b, int n) {
        int done = out.fill(b, 0, n);
        while (done < n) {
            t.waitUninterruptibly(() -> !out.hasReaders() || out.room() > 0, out.waitQueue());
            if (!out.hasReaders()) return;
            done += out.fill(b, done, n - done);
        }
    }

    /**
     * splice_from_pipe (iter_file_splice_write, splice_to_socket): waits for data unless some was
     * already moved, writes what is queued to {@code out} (at {@code pos}, or at its file
     * offset when negative) and consumes what was written, until {@code len} bytes are done, the
     * pipe is empty, or a write falls short. 0 at end of file.
     */
    public static long pipeToFile(Task t, Pipe in, FileDescription out, long pos, long len, boolean nonblock)
            throws ErrnoException {
        long total = 0;
        while (total < len) {
            if (t.signalPending()) {
                if (total > 0) break;
                throw ErrnoException.of(ErrnoException.ERESTARTSYS);
            }
            try {
                if (total > 0) {
                    if (in.available() == 0) break;
                } else if (!waitReadable(t, in, nonblock)) {
                    break;
                }
            } catch (ErrnoException e) {
                if (total > 0) break;
                throw e;
            }
            int written;
            int queued;
            synchronized (in.spliceMu) {
                byte[] b = new byte[(int) Math.min(CHUNK, len - total)];
                queued = in.peek(b, 0, b.length);
                if (queued == 0) continue;
                written = 0;
                try {
                    while (written < queued) {
                        int k = pos < 0 ? out.write(t, b, written, queued - written)
                                : out.pwrite(b, written, queued - written, pos + total + written);
                        if (k <= 0) break;
                        written += k;
                    }
                } catch (ErrnoException e) {
                    in.consume(written);
                    if (total + written > 0) return total + written;
                    throw e;
                }
                in.consume(written);
            }
            total += written;
            if (written < queued) break;
        }
        return total;
    }

    // ---------------------------------------------------------------- vmsplice

    /**
     * vmsplice_to_pipe (iter_to_pipe): waits for room, then copies as much of the user
     * memory as fits; EFAULT if the first byte cannot be read.
     */
    public static long userToPipe(Task t, Pipe out, UserMemory.Iovec[] iov, boolean nonblock) throws ErrnoException {
        while (true) {
            waitWritable(t, out, nonblock);
            int want = userBytesFitting(iov, out.freeSlots());
            if (want == 0) continue;
            byte[] b = new byte[want];
            int got = 0;
            for (UserMemory.Iovec v : iov) {
                if (got == want) break;
                int k = (int) Math.min(v.len(), want - got);
                try {
                    t.mem().copyIn(v.base(), b, got, k);
                } catch (ErrnoException e) {
                    got += copyInPartial(t, v.base(), b, got, k);
                    if (got == 0) throw e;
                    break;
                }
                got += k;
            }
            putPieces(t, out, b, userPieces(iov, got));
            return got;
        }
    }

    /** The lengths of the first {@code bytes} bytes of {@code iov} cut at page boundaries: one pipe buffer each. */
    private static int[] userPieces(UserMemory.Iovec[] iov, int bytes) {
        List<Integer> l = new ArrayList<>();
        for (UserMemory.Iovec v : iov) {
            long addr = v.base(), left = Math.min(v.len(), bytes);
            while (left > 0) {
                int k = (int) Math.min(left, Pipe.PAGE - (addr & (Pipe.PAGE - 1)));
                l.add(k);
                addr += k;
                left -= k;
                bytes -= k;
            }
            if (bytes == 0) break;
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Queues user memory already copied, a buffer per piece, waiting for slots another writer took. */
    private static void putPieces(Task t, Pipe out, byte[] b, int[] pieces) {
        int off = 0;
        for (int k : pieces) {
            while (!out.fillPiece(b, off, k)) {
                t.waitUninterruptibly(() -> !out.hasReaders() || out.freeSlots() > 0, out.waitQueue());
                if (!out.hasReaders()) return;
            }
            off += k;
        }
    }

    /** How many leading bytes of a faulting range can be read, copied page by page. */
    private static int copyInPartial(Task t, long addr, byte[] b, int off, int len) {
        int done = 0;
        while (done < len) {
            int k = (int) Math.min(len - done, 4096 - ((addr + done) & 4095));
            try {
                t.mem().copyIn(addr + done, b, off + done, k);
            } catch (ErrnoException e) {
                break;
            }
            done += k;
        }
        return done;
    }

    /**
     * vmsplice_to_user: moves queued bytes into the user buffers as {@link #pipeToFile} does
     * for a file, waiting only for the first byte (and only without SPLICE_F_NONBLOCK).
     */
    public static long pipeToUser(Task t, Pipe in, UserMemory.Iovec[] iov, boolean nonblock) throws ErrnoException {
        long len = 0;
        for (UserMemory.Iovec v : iov) len += v.len();
        long total = 0;
        int seg = 0;
        long segOff = 0;
        while (total < len) {
            if (total > 0) {
                if (in.available() == 0) break;
            } else if (!waitReadable(t, in, nonblock)) {
                break;
            }
            synchronized (in.spliceMu) {
                while (seg < iov.length && segOff == iov[seg].len()) {
                    seg++;
                    segOff = 0;
                }
                if (seg == iov.length) break;
                int want = (int) Math.min(CHUNK, iov[seg].len() - segOff);
                byte[] b = new byte[want];
                int n = in.peek(b, 0, want);
                if (n == 0) continue;
                try {
                    t.mem().copyOut(iov[seg].base() + segOff, b, 0, n);
                } catch (ErrnoException e) {
                    if (total > 0) return total;
                    throw e;
                }
                in.consume(n);
                segOff += n;
                total += n;
            }
        }
        return total;
    }
}
