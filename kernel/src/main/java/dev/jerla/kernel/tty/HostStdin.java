package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Ioctl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

/**
 * The host's standard input for {@code jerla exec} when it is not a terminal: bytes from the
 * host input thread wait in a 64 KiB buffer; reads behave like reads of a pipe (block until data
 * or end of input, EAGAIN with O_NONBLOCK, interruptible by signals).
 */
public final class HostStdin extends FileDescription {
    private final Source source;
    private final Inode inode;

    public HostStdin(HostInput input, int flags) {
        this(new Source(input), PseudoFs.PIPEFS.newInode(Stat.S_IFIFO | 0600, 0, 0), flags);
    }

    private HostStdin(Source source, Inode inode, int flags) {
        super(flags);
        this.source = source;
        this.inode = inode;
    }

    /** The buffer between the host input thread and the readers. */
    private static final class Source implements HostInput.Sink {
        private static final int CAPACITY = 64 * 1024;

        private final HostInput input;
        private final WaitQueue wq = new WaitQueue();
        // mu (this) guards the fields below.
        private final byte[] buf = new byte[CAPACITY];
        private int head;
        private int count;
        private boolean eof;
        private boolean attached;
        private long generation;

        Source(HostInput input) {
            this.input = input;
        }

        void attach() {
            synchronized (this) {
                if (attached) return;
                attached = true;
            }
            if (!input.attach(this)) hangup();
        }

        @Override
        public synchronized int awaitRoom() throws InterruptedException {
            while (count == CAPACITY) wait();
            return CAPACITY - count;
        }

        @Override
        public void receive(byte[] b, int off, int len) {
            synchronized (this) {
                for (int i = 0; i < len; i++) buf[(head + count + i) % CAPACITY] = b[off + i];
                count += len;
                generation++;
            }
            wq.wakeAll();
        }

        @Override
        public void hangup() {
            synchronized (this) {
                eof = true;
                generation++;
            }
            wq.wakeAll();
        }

        int read(Task t, byte[] dst, int off, int len, boolean nonBlocking) throws ErrnoException {
            attach();
            if (len == 0) return 0;
            while (true) {
                synchronized (this) {
                    if (count > 0) {
                        int n = Math.min(len, count);
                        for (int i = 0; i < n; i++) dst[off + i] = buf[(head + i) % CAPACITY];
                        head = (head + n) % CAPACITY;
                        count -= n;
                        notifyAll();
                        return n;
                    }
                    if (eof) return 0;
                    if (nonBlocking) throw ErrnoException.of(Errno.EAGAIN);
                }
                t.waitInterruptibly(() -> { synchronized (this) { return count > 0 || eof; } }, Long.MAX_VALUE, wq);
            }
        }

        int poll() {
            attach();
            synchronized (this) {
                int m = 0;
                if (count > 0) m |= Poll.POLLIN | Poll.POLLRDNORM;
                if (eof) m |= Poll.POLLHUP;
                return m;
            }
        }

        synchronized int available() { return count; }

        synchronized long generation() { return generation; }
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "pipe:[" + inode.ino() + "]"; }

    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        return source.read(t, dst, off, len, nonBlocking());
    }

    @Override public int poll() { return source.poll(); }

    @Override public WaitQueue pollQueue() { return source.wq; }

    @Override public long pollGeneration() { return source.generation(); }

    @Override
    public long ioctl(Task t, int cmd, long arg) throws ErrnoException {
        if (cmd == Ioctl.FIONREAD) {
            t.mem().writeInt(arg, source.available());
            return 0;
        }
        return super.ioctl(t, cmd, arg);
    }

    @Override
    public FileDescription reopen(Task t, int flags) {
        return new HostStdin(source, inode, flags);
    }
}
