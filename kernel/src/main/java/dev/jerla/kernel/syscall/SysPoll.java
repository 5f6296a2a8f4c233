package dev.jerla.kernel.syscall;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.Epoll;
import dev.jerla.kernel.ipc.EventFd;
import dev.jerla.kernel.signal.Signals;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.task.WaitQueue;
import dev.jerla.kernel.vfs.FileDescription;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Waiting for files (fs/select.c, fs/eventpoll.c, fs/eventfd.c): poll, ppoll, select, pselect6,
 * epoll_create(1), epoll_ctl, epoll_wait, epoll_pwait(2), eventfd(2). A wait sleeps on the wait
 * queues of every file involved and re-scans their readiness when woken; a signal ends it with
 * EINTR (never restarted after a handler, as Linux's ERESTARTNOHAND).
 */
public final class SysPoll {
    private static final int POLLIN_SET = Poll.POLLRDNORM | Poll.POLLRDBAND | Poll.POLLIN | Poll.POLLHUP | Poll.POLLERR;
    private static final int POLLOUT_SET = Poll.POLLWRBAND | Poll.POLLWRNORM | Poll.POLLOUT | Poll.POLLERR;
    private static final int POLLEX_SET = Poll.POLLPRI;

    private SysPoll() {}

    /** A deadline in System.nanoTime() terms; Long.MAX_VALUE for none. */
    private static long deadlineAfter(long nanos) {
        return nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    private static boolean expired(long deadline) {
        return deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0;
    }

    /** Sleeps until {@code ready} or the deadline; a signal becomes ERESTARTNOHAND. */
    private static boolean sleep(Task t, java.util.function.BooleanSupplier ready, long deadline, Set<WaitQueue> qs)
            throws ErrnoException {
        try {
            return t.waitInterruptibly(ready, deadline, qs.toArray(new WaitQueue[0]));
        } catch (ErrnoException e) {
            if (e.isRestart()) throw ErrnoException.of(ErrnoException.ERESTARTNOHAND);
            throw e;
        }
    }

    // ---------------------------------------------------------------- poll, ppoll

    public static long poll(Task t, long fds, int nfds, int timeoutMs) throws ErrnoException {
        return doPoll(t, fds, nfds, timeoutMs < 0 ? Long.MAX_VALUE : deadlineAfter(timeoutMs * 1_000_000L));
    }

    public static long ppoll(Task t, long fds, int nfds, long tmo, long sigmask, long sigsetsize) throws ErrnoException {
        long deadline = tmo == 0 ? Long.MAX_VALUE : deadlineAfter(readTimespec(t, tmo));
        setMask(t, sigmask, sigsetsize);
        long r = doPoll(t, fds, nfds, deadline);
        if (tmo != 0) writeRemaining(t, tmo, deadline, false);
        return r;
    }

    private static long doPoll(Task t, long fds, int nfds, long deadline) throws ErrnoException {
        if (nfds < 0 || nfds > SysFd.limit(t)) throw ErrnoException.of(Errno.EINVAL);
        byte[] raw = t.mem().copyIn(fds, nfds * Poll.POLLFD_SIZE);
        int[] fd = new int[nfds];
        int[] events = new int[nfds];
        for (int i = 0; i < nfds; i++) {
            int o = i * Poll.POLLFD_SIZE;
            fd[i] = (raw[o] & 0xFF) | (raw[o + 1] & 0xFF) << 8 | (raw[o + 2] & 0xFF) << 16 | (raw[o + 3] & 0xFF) << 24;
            events[i] = (raw[o + 4] & 0xFF) | (raw[o + 5] & 0xFF) << 8;
        }
        int[] revents = new int[nfds];
        int count;
        while (true) {
            Set<WaitQueue> qs = new LinkedHashSet<>();
            count = scanPoll(t, fd, events, revents, qs);
            if (count > 0 || expired(deadline)) break;
            if (!sleep(t, () -> scanPoll(t, fd, events, new int[nfds], null) > 0, deadline, qs)) {
                count = scanPoll(t, fd, events, revents, null);
                break;
            }
        }
        for (int i = 0; i < nfds; i++) {
            raw[i * Poll.POLLFD_SIZE + 6] = (byte) revents[i];
            raw[i * Poll.POLLFD_SIZE + 7] = (byte) (revents[i] >> 8);
        }
        t.mem().copyOut(fds, raw);
        return count;
    }

    /** One pass over the pollfds (do_pollfd): POLLNVAL for bad fds, POLLERR and POLLHUP always reported. */
    private static int scanPoll(Task t, int[] fd, int[] events, int[] revents, Set<WaitQueue> qs) {
        int count = 0;
        for (int i = 0; i < fd.length; i++) {
            revents[i] = 0;
            if (fd[i] < 0) continue;
            FileDescription f;
            try {
                f = t.files().get(fd[i]);
            } catch (ErrnoException e) {
                revents[i] = Poll.POLLNVAL;
                count++;
                continue;
            }
            int m = f.isPath() ? Poll.POLLNVAL : f.poll() & (events[i] | Poll.POLLERR | Poll.POLLHUP);
            if (qs != null && f.pollQueue() != null) qs.add(f.pollQueue());
            revents[i] = m;
            if (m != 0) count++;
        }
        return count;
    }

    // ---------------------------------------------------------------- select, pselect6

    /** select(2) with struct timeval; the remaining time is written back, as Linux does. */
    public static long select(Task t, int nfds, long rp, long wp, long ep, long tvp) throws ErrnoException {
        long deadline = Long.MAX_VALUE;
        if (tvp != 0) {
            byte[] b = t.mem().copyIn(tvp, 16);
            long sec = SysFd.le64(b, 0), usec = SysFd.le64(b, 8);
            if (sec < 0 || usec < 0 || usec >= 1_000_000) throw ErrnoException.of(Errno.EINVAL);
            deadline = deadlineAfter(Math.min(sec, Long.MAX_VALUE / 4_000_000_000L) * 1_000_000_000L + usec * 1000);
        }
        long r = doSelect(t, nfds, rp, wp, ep, deadline);
        if (tvp != 0) writeRemaining(t, tvp, deadline, true);
        return r;
    }

    /** pselect6(2): struct timespec, and a {sigset_t *ss; size_t ss_len} pair for the mask during the wait. */
    public static long pselect6(Task t, int nfds, long rp, long wp, long ep, long tsp, long sig) throws ErrnoException {
        long deadline = tsp == 0 ? Long.MAX_VALUE : deadlineAfter(readTimespec(t, tsp));
        if (sig != 0) {
            byte[] b = t.mem().copyIn(sig, 16);
            setMask(t, SysFd.le64(b, 0), SysFd.le64(b, 8));
        }
        long r = doSelect(t, nfds, rp, wp, ep, deadline);
        if (tsp != 0) writeRemaining(t, tsp, deadline, false);
        return r;
    }

    private static long doSelect(Task t, int nfds, long rp, long wp, long ep, long deadline) throws ErrnoException {
        if (nfds < 0) throw ErrnoException.of(Errno.EINVAL);
        nfds = Math.min(nfds, Math.max(t.files().size(), 0));
        int words = (nfds + 63) / 64;
        long[] in = readSet(t, rp, words), out = readSet(t, wp, words), ex = readSet(t, ep, words);
        long[][] res = new long[3][words];
        int n = nfds;
        for (int fd = 0; fd < n; fd++) {
            if (((in[fd >> 6] | out[fd >> 6] | ex[fd >> 6]) & (1L << fd)) != 0) {
                FileDescription f = t.files().get(fd);
                if (f.isPath()) throw ErrnoException.of(Errno.EBADF);
            }
        }
        int count;
        while (true) {
            Set<WaitQueue> qs = new LinkedHashSet<>();
            count = scanSelect(t, n, in, out, ex, res, qs);
            if (count > 0 || expired(deadline)) break;
            if (!sleep(t, () -> scanSelect(t, n, in, out, ex, new long[3][words], null) > 0, deadline, qs)) {
                count = scanSelect(t, n, in, out, ex, res, null);
                break;
            }
        }
        writeSet(t, rp, res[0]);
        writeSet(t, wp, res[1]);
        writeSet(t, ep, res[2]);
        return count;
    }

    private static int scanSelect(Task t, int nfds, long[] in, long[] out, long[] ex, long[][] res, Set<WaitQueue> qs) {
        int count = 0;
        for (long[] r : res) java.util.Arrays.fill(r, 0);
        for (int fd = 0; fd < nfds; fd++) {
            long bit = 1L << fd;
            int w = fd >> 6;
            if (((in[w] | out[w] | ex[w]) & bit) == 0) continue;
            FileDescription f;
            try {
                f = t.files().get(fd);
            } catch (ErrnoException e) {
                continue;
            }
            if (qs != null && f.pollQueue() != null) qs.add(f.pollQueue());
            int m = f.poll();
            if ((in[w] & bit) != 0 && (m & POLLIN_SET) != 0) { res[0][w] |= bit; count++; }
            if ((out[w] & bit) != 0 && (m & POLLOUT_SET) != 0) { res[1][w] |= bit; count++; }
            if ((ex[w] & bit) != 0 && (m & POLLEX_SET) != 0) { res[2][w] |= bit; count++; }
        }
        return count;
    }

    private static long[] readSet(Task t, long addr, int words) throws ErrnoException {
        long[] s = new long[words];
        if (addr == 0 || words == 0) return s;
        byte[] b = t.mem().copyIn(addr, words * 8);
        for (int i = 0; i < words; i++) s[i] = SysFd.le64(b, i * 8);
        return s;
    }

    private static void writeSet(Task t, long addr, long[] s) throws ErrnoException {
        if (addr == 0 || s.length == 0) return;
        byte[] b = new byte[s.length * 8];
        for (int i = 0; i < s.length; i++) SysFd.putLe64(b, i * 8, s[i]);
        t.mem().copyOut(addr, b);
    }

    // ---------------------------------------------------------------- time and signal mask helpers

    private static long readTimespec(Task t, long addr) throws ErrnoException {
        byte[] b = t.mem().copyIn(addr, 16);
        long sec = SysFd.le64(b, 0), nsec = SysFd.le64(b, 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) throw ErrnoException.of(Errno.EINVAL);
        return Math.min(sec, Long.MAX_VALUE / 4_000_000_000L) * 1_000_000_000L + nsec;
    }

    /** Writes the time left until {@code deadline} as a timeval or timespec (poll_select_finish). */
    private static void writeRemaining(Task t, long addr, long deadline, boolean timeval) throws ErrnoException {
        if (deadline == Long.MAX_VALUE) return;
        long left = Math.max(0, deadline - System.nanoTime());
        byte[] b = new byte[16];
        SysFd.putLe64(b, 0, left / 1_000_000_000L);
        SysFd.putLe64(b, 8, timeval ? left % 1_000_000_000L / 1000 : left % 1_000_000_000L);
        t.mem().copyOut(addr, b);
    }

    /** Installs the caller's signal mask for the duration of the wait (EINVAL unless sizeof(sigset_t) is 8). */
    private static void setMask(Task t, long sigmask, long size) throws ErrnoException {
        if (sigmask == 0) return;
        if (size != 8) throw ErrnoException.of(Errno.EINVAL);
        Signals.setTemporaryMask(t, t.mem().readLong(sigmask));
    }

    // ---------------------------------------------------------------- epoll, eventfd

    public static long epollCreate(Task t, int size) throws ErrnoException {
        if (size <= 0) throw ErrnoException.of(Errno.EINVAL);
        return epollCreate1(t, 0);
    }

    public static long epollCreate1(Task t, int flags) throws ErrnoException {
        if ((flags & ~Poll.EPOLL_CLOEXEC) != 0) throw ErrnoException.of(Errno.EINVAL);
        return SysFd.install(t, new Epoll(0), (flags & Poll.EPOLL_CLOEXEC) != 0);
    }

    private static Epoll epoll(Task t, int epfd) throws ErrnoException {
        if (!(SysFd.file(t, epfd) instanceof Epoll ep)) throw ErrnoException.of(Errno.EINVAL);
        return ep;
    }

    /** epoll_ctl(2) with struct epoll_event (packed on x86-64: u32 events, u64 data). */
    public static long epollCtl(Task t, int epfd, int op, int fd, long event) throws ErrnoException {
        Epoll ep = epoll(t, epfd);
        FileDescription target = SysFd.file(t, fd);
        if (fd == epfd) throw ErrnoException.of(Errno.EINVAL);
        int events = 0;
        long data = 0;
        if (op != Poll.EPOLL_CTL_DEL) {
            byte[] b = t.mem().copyIn(event, Poll.EPOLL_EVENT_SIZE);
            events = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
            data = SysFd.le64(b, 4);
        }
        // do_epoll_ctl: EPOLLEXCLUSIVE is for adding a non-epoll file, with only the bits it allows.
        if (op != Poll.EPOLL_CTL_DEL && (events & Poll.EPOLLEXCLUSIVE) != 0 && target.pollable()) {
            int ok = Poll.EPOLLIN | Poll.EPOLLOUT | Poll.EPOLLERR | Poll.EPOLLHUP | Poll.EPOLLWAKEUP | Poll.EPOLLET
                    | Poll.EPOLLEXCLUSIVE;
            if (op == Poll.EPOLL_CTL_MOD || target instanceof Epoll || (events & ~ok) != 0) throw ErrnoException.of(Errno.EINVAL);
        }
        ep.ctl(op, fd, target, events, data);
        return 0;
    }

    public static long epollWait(Task t, int epfd, long events, int max, int timeoutMs) throws ErrnoException {
        return epollPwait2(t, epfd, events, max, timeoutMs < 0 ? -1 : timeoutMs * 1_000_000L, 0, 0);
    }

    public static long epollPwait(Task t, int epfd, long events, int max, int timeoutMs, long sigmask, long size)
            throws ErrnoException {
        return epollPwait2(t, epfd, events, max, timeoutMs < 0 ? -1 : timeoutMs * 1_000_000L, sigmask, size);
    }

    public static long epollPwait2Timespec(Task t, int epfd, long events, int max, long tsp, long sigmask, long size)
            throws ErrnoException {
        return epollPwait2(t, epfd, events, max, tsp == 0 ? -1 : readTimespec(t, tsp), sigmask, size);
    }

    private static long epollPwait2(Task t, int epfd, long events, int max, long timeoutNanos, long sigmask, long size)
            throws ErrnoException {
        if (max <= 0 || max > Integer.MAX_VALUE / Poll.EPOLL_EVENT_SIZE) throw ErrnoException.of(Errno.EINVAL);
        Epoll ep = epoll(t, epfd);
        setMask(t, sigmask, size);
        List<Epoll.Event> ev;
        try {
            ev = ep.await(t, max, deadlineAfter(timeoutNanos));
        } catch (ErrnoException e) {
            if (e.isRestart()) throw ErrnoException.of(ErrnoException.ERESTARTNOHAND);
            throw e;
        }
        byte[] b = new byte[ev.size() * Poll.EPOLL_EVENT_SIZE];
        for (int i = 0; i < ev.size(); i++) {
            int o = i * Poll.EPOLL_EVENT_SIZE;
            SysStat.put32(b, o, ev.get(i).events());
            SysFd.putLe64(b, o + 4, ev.get(i).data());
        }
        t.mem().copyOut(events, b);
        return ev.size();
    }

    public static long eventfd(Task t, int initval) throws ErrnoException {
        return eventfd2(t, initval, 0);
    }

    public static long eventfd2(Task t, int initval, int flags) throws ErrnoException {
        if ((flags & ~(Poll.EFD_CLOEXEC | Poll.EFD_NONBLOCK | Poll.EFD_SEMAPHORE)) != 0) throw ErrnoException.of(Errno.EINVAL);
        EventFd f = new EventFd(Integer.toUnsignedLong(initval), (flags & Poll.EFD_SEMAPHORE) != 0, flags & Poll.EFD_NONBLOCK);
        return SysFd.install(t, f, (flags & Poll.EFD_CLOEXEC) != 0);
    }
}
