package dev.jerla.kernel.fs.tmpfs;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.NewInode;
import dev.jerla.kernel.vfs.SymlinkInode;


/** A tmpfs symbolic link; its size is the length of the target in bytes. */
final class TmpSymlink extends TmpInode implements SymlinkInode {
    private final String target;

    TmpSymlink(TmpFs fs, NewInode n, String target) {
        super(fs, n);
        this.target = target;
    }

    @Override public String readlink(Task caller) { return target; }

    @Override long size() { return GuestStrings.byteLength(target); }
}
