package dev.jerla.kernel.fs.hostfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** The one place where host I/O failures become Linux errnos. */
final class HostErrno {
    private HostErrno() {}

    static ErrnoException of(IOException e) {
        return ErrnoException.of(errno(e));
    }

    private static Errno errno(IOException e) {
        if (e instanceof NoSuchFileException) return Errno.ENOENT;
        if (e instanceof FileAlreadyExistsException) return Errno.EEXIST;
        if (e instanceof DirectoryNotEmptyException) return Errno.ENOTEMPTY;
        if (e instanceof AccessDeniedException) return Errno.EACCES;
        if (e instanceof NotDirectoryException) return Errno.ENOTDIR;
        if (e instanceof FileSystemLoopException) return Errno.ELOOP;
        if (e instanceof NotLinkException) return Errno.EINVAL;
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // The JDK reports other host errnos by their strerror text.
            return switch (f.getReason()) {
                case "Is a directory" -> Errno.EISDIR;
                case "Not a directory" -> Errno.ENOTDIR;
                case "Read-only file system" -> Errno.EROFS;
                case "Operation not permitted" -> Errno.EPERM;
                case "Permission denied" -> Errno.EACCES;
                case "No space left on device" -> Errno.ENOSPC;
                case "Disk quota exceeded" -> Errno.EDQUOT;
                case "Invalid cross-device link" -> Errno.EXDEV;
                case "File name too long" -> Errno.ENAMETOOLONG;
                case "Too many levels of symbolic links" -> Errno.ELOOP;
                case "Too many links" -> Errno.EMLINK;
                case "Directory not empty" -> Errno.ENOTEMPTY;
                case "File exists" -> Errno.EEXIST;
                case "Device or resource busy" -> Errno.EBUSY;
                case "Text file busy" -> Errno.ETXTBSY;
                case "File too large" -> Errno.EFBIG;
                case "Invalid argument" -> Errno.EINVAL;
                case "No such file or directory" -> Errno.ENOENT;
                case "Input/output error" -> Errno.EIO;
                default -> Errno.EIO;
            };
        }
        return Errno.EIO;
    }
}
