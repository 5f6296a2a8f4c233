package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.ipc.Pipe;
import dev.jerla.kernel.vfs.NewInode;

/** A FIFO, socket or device node in tmpfs. A FIFO owns the pipe its openers share. */
final class TmpSpecial extends TmpInode {
    private Pipe fifo;

    TmpSpecial(TmpFs fs, NewInode n) {
        super(fs, n);
    }

    @Override long size() { return 0; }

    @Override
    public synchronized Pipe fifo() throws ErrnoException {
        if (!Stat.isFifo(mode())) throw ErrnoException.of(Errno.ENXIO);
        if (fifo == null) fifo = new Pipe(this);
        return fifo;
    }
}
