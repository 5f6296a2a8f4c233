package dev.jerla.kernel.vfs;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/** A symbolic link (get_link / readlink of inode_operations). */
public interface SymlinkInode extends Inode {
    /** The link's body as readlink(2) returns it; {@code caller} matters for /proc's magic links. */
    String readlink(Task caller) throws ErrnoException;

    /**
     * For /proc's "magic" links (/proc/PID/fd/N, cwd, exe, root): the object the link stands for,
     * which path resolution jumps to directly (nd_jump_link) instead of parsing the body. Null for
     * ordinary links.
     */
    default Location jump(Task caller) throws ErrnoException {
        return null;
    }
}
