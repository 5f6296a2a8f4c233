package dev.jerla.kernel.vfs;

import dev.jerla.kernel.ErrnoException;

/** A filesystem type mount(2) can instantiate (struct file_system_type): "tmpfs", "proc", ... */
public interface FileSystemType {
    String name();

    /** True if the type needs a block device (shown without "nodev" in /proc/filesystems). */
    default boolean requiresDevice() { return false; }

    /** A new instance for mount(2) with the given source and option string. */
    FileSystem mount(String source, String data) throws ErrnoException;
}
