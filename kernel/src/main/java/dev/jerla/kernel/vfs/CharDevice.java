package dev.jerla.kernel.vfs;

import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

/**
 * A character device driver: opening a device node with its major:minor number, in any
 * filesystem, opens the driver (chrdev_open of fs/char_dev.c).
 */
@FunctionalInterface
public interface CharDevice {
    FileDescription open(Location loc, int flags, Task t) throws ErrnoException;
}
