package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Poll;
import dev.jerla.kernel.vfs.FileDescription;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.PseudoFs;

/**
 * A pidfd (kernel/pid.c, pidfd_open(2)): a file that names one process. It polls readable once
 * the process has exited (pidfd_poll: a zombie or reaped), and pidfd_send_signal,
 * pidfd_getfd and waitid(P_PIDFD) act on the process it names, even after its pid is reused.
 */
public final class PidFd extends FileDescription {
    private final ThreadGroup process;
    private final Inode inode = PseudoFs.ANON_INODEFS.newInode(0600, 0, 0);

    public PidFd(ThreadGroup process, int flags) {
        super(Fcntl.O_RDWR | flags);
        this.process = process;
    }

    /** The process this pidfd names. */
    public ThreadGroup process() { return process; }

    @Override public Inode inode() { return inode; }

    @Override public String anonName() { return "anon_inode:[pidfd]"; }

    @Override
    public int poll() {
        return process.isZombie() ? Poll.POLLIN | Poll.POLLRDNORM : 0;
    }

    @Override public WaitQueue pollQueue() { return process.exitWait(); }

    @Override public long pollGeneration() { return process.isZombie() ? 1 : 0; }
}
