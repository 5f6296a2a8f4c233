package dev.jerla.kernel.ipc;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A signalfd (fs/signalfd.c): reading dequeues the reader's pending signals that are in the
 * file's mask, first from the thread's own queue and then from its process's shared queue, and
 * returns them as struct signalfd_siginfo records. Like Linux, the file looks at whoever reads or
 * polls it ({@code current}), not at its creator.
 */
public final class SignalFd extends FileDescription {
    /** signalfd4 flags (include/uapi/linux/signalfd.h): the O_ bits of the same name. */
    public static final int SFD_CLOEXEC = Fcntl.O_CLOEXEC, SFD_NONBLOCK = Fcntl.O_NONBLOCK;
    /** sizeof(struct signalfd_siginfo). */
    public static final int SIGINFO_SIZE = 128;

    /** siginfo_layout values (enum siginfo_layout in include/linux/signal.h) that signalfd copies. */
    private enum Layout { KILL, TIMER, POLL, FAULT, CHLD, RT, SYS }

    /** The 'limit' column of sig_sicodes in kernel/signal.c: the highest si_code of each layout. */
    private static final int NSIGILL = 11, NSIGFPE = 15, NSIGSEGV = 10, NSIGBUS = 5, NSIGTRAP = 6,
            NSIGCHLD = 6, NSIGPOLL = 6, NSIGSYS = 2;

    /**
     * The polling thread, since {@link FileDescription#poll()} is not told who polls while
     * signalfd_poll answers for {@code current}. A guest thread runs one task for its whole life.
     */
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final Kernel kernel;
    private final Inode inode = PseudoFs.ANON_INODEFS.newInode(0600, 0, 0);
    /** The signals this file reads (bit sig-1), never SIGKILL or SIGSTOP. */
    private volatile long mask;

    public SignalFd(Kernel kernel, long mask, int flags) {
        super(Fcntl.O_RDWR | (flags & SFD_NONBLOCK));
        this.kernel = kernel;
        this.mask = mask & ~Signals.UNBLOCKABLE;
    }

    @Override public Inode inode() { return inode; }
    @Override public String anonName() { return "anon_inode:[signalfd]"; }

    /** noop_llseek: lseek succeeds and leaves the offset (always 0) alone. */
    @Override public long llseek(long offset, int whence) { return pos(); }

    /** The signals read through this file. */
    public long mask() { return mask; }

    /** signalfd4 on an existing signalfd: a new mask, and a wake-up for readers and pollers. */
    public void setMask(Task t, long newMask) {
        mask = newMask & ~Signals.UNBLOCKABLE;
        t.group().actions().signalfdWait().wakeAll();
    }

    /**
     * signalfd_read_iter: at least one record, dequeued as signalfd_dequeue does (waiting
     * unless O_NONBLOCK); then as many more as are pending and fit, without waiting.
     */
    @Override
    public int read(Task t, byte[] dst, int off, int len) throws ErrnoException {
        CURRENT.set(t);
        int count = len / SIGINFO_SIZE;
        if (count == 0) throw ErrnoException.of(Errno.EINVAL);
        int total = 0;
        boolean nonblock = nonBlocking();
        while (count-- > 0) {
            SigInfo info = dequeue(t, nonblock);
            if (info == null) break;
            toSignalfdSiginfo(info, dst, off + total);
            total += SIGINFO_SIZE;
            nonblock = true;
        }
        if (total == 0) throw ErrnoException.of(Errno.EAGAIN);
        return total;
    }

    /** One signal in the mask, or null when none is pending and {@code nonblock}. */
    private SigInfo dequeue(Task t, boolean nonblock) throws ErrnoException {
        while (true) {
            SigInfo info = Signals.dequeue(t, mask);
            if (info != null || nonblock) return info;
            t.waitInterruptibly(() -> pendingFor(t), Long.MAX_VALUE, t.group().actions().signalfdWait());
        }
    }

    /** True if a signal in the mask is pending for {@code t} or its process (signalfd_poll). */
    private boolean pendingFor(Task t) {
        long m = mask;
        synchronized (kernel.processTable()) {
            return ((t.pending().set() | t.group().sharedPending().set()) & m) != 0;
        }
    }

    @Override
    public int poll() {
        Task t = current();
        return t != null && pendingFor(t) ? Poll.POLLIN : 0;
    }

    @Override
    public WaitQueue pollQueue() {
        Task t = current();
        return t != null ? t.group().actions().signalfdWait() : IDLE;
    }

    /** The queue of a poll from outside any guest thread: nothing there ever becomes ready. */
    private static final WaitQueue IDLE = new WaitQueue();

    /** The guest task running on this host thread, found once per thread. */
    private Task current() {
        Task t = CURRENT.get();
        if (t != null) return t;
        Thread self = Thread.currentThread();
        for (Task x : kernel.processTable().tasks()) {
            if (x.thread() == self) {
                CURRENT.set(x);
                return x;
            }
        }
        return null;
    }

    /** Notes the calling task, so a later poll from this thread needs no search. */
    public static void noteCurrent(Task t) { CURRENT.set(t); }

    /**
     * signalfd_copyinfo: a struct signalfd_siginfo (include/uapi/linux/signalfd.h) holding the
     * fields of the siginfo's layout, the rest zero.
     */
    static void toSignalfdSiginfo(SigInfo info, byte[] dst, int off) {
        ByteBuffer k = ByteBuffer.wrap(info.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer o = ByteBuffer.wrap(dst, off, SIGINFO_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIGINFO_SIZE; i++) o.put(i, (byte) 0);
        int signo = k.getInt(0), code = k.getInt(8);
        o.putInt(0, signo);           // ssi_signo
        o.putInt(4, k.getInt(4));     // ssi_errno
        o.putInt(8, code);            // ssi_code
        switch (layout(signo, code)) {
            case KILL -> {
                o.putInt(12, k.getInt(16));   // ssi_pid
                o.putInt(16, k.getInt(20));   // ssi_uid
            }
            case TIMER -> {
                o.putInt(24, k.getInt(16));   // ssi_tid
                o.putInt(32, k.getInt(20));   // ssi_overrun
                o.putLong(48, k.getLong(24)); // ssi_ptr
                o.putInt(44, k.getInt(24));   // ssi_int
            }
            case POLL -> {
                o.putInt(28, (int) k.getLong(16)); // ssi_band
                o.putInt(20, k.getInt(24));        // ssi_fd
            }
            case FAULT -> {
                o.putLong(72, k.getLong(16)); // ssi_addr
                // SIL_FAULT_MCEERR: BUS_MCEERR_AR and BUS_MCEERR_AO also carry si_addr_lsb.
                if (signo == Signal.SIGBUS && (code == 4 || code == 5)) o.putShort(80, k.getShort(24));
            }
            case CHLD -> {
                o.putInt(12, k.getInt(16));   // ssi_pid
                o.putInt(16, k.getInt(20));   // ssi_uid
                o.putInt(40, k.getInt(24));   // ssi_status
                o.putLong(56, k.getLong(32)); // ssi_utime
                o.putLong(64, k.getLong(40)); // ssi_stime
            }
            case RT -> {
                o.putInt(12, k.getInt(16));   // ssi_pid
                o.putInt(16, k.getInt(20));   // ssi_uid
                o.putLong(48, k.getLong(24)); // ssi_ptr
                o.putInt(44, k.getInt(24));   // ssi_int
            }
            case SYS -> {
                o.putLong(88, k.getLong(16)); // ssi_call_addr
                o.putInt(84, k.getInt(24));   // ssi_syscall
                o.putInt(96, k.getInt(28));   // ssi_arch
            }
        }
    }

    /** siginfo_layout in kernel/signal.c, for x86-64. */
    private static Layout layout(int sig, int code) {
        if (code > Signal.SI_USER && code < Signal.SI_KERNEL) {
            int limit;
            Layout l;
            switch (sig) {
                case Signal.SIGILL -> { limit = NSIGILL; l = Layout.FAULT; }
                case Signal.SIGFPE -> { limit = NSIGFPE; l = Layout.FAULT; }
                case Signal.SIGSEGV -> { limit = NSIGSEGV; l = Layout.FAULT; }
                case Signal.SIGBUS -> { limit = NSIGBUS; l = Layout.FAULT; }
                case Signal.SIGTRAP -> { limit = NSIGTRAP; l = Layout.FAULT; }
                case Signal.SIGCHLD -> { limit = NSIGCHLD; l = Layout.CHLD; }
                case Signal.SIGPOLL -> { limit = NSIGPOLL; l = Layout.POLL; }
                case Signal.SIGSYS -> { limit = NSIGSYS; l = Layout.SYS; }
                default -> { limit = -1; l = Layout.KILL; }
            }
            if (code <= limit) return l;
            return code <= NSIGPOLL ? Layout.POLL : Layout.KILL;
        }
        if (code == Signal.SI_TIMER) return Layout.TIMER;
        if (code == Signal.SI_SIGIO) return Layout.POLL;
        return code < 0 ? Layout.RT : Layout.KILL;
    }
}
