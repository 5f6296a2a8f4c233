package dev.jerla.kernel.vfs;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.jerla.abi.linux.Fcntl.*;
import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** POSIX record locks as fs/locks.c keeps them: split, merged, and reported lowest first. */
class FileLocksTest {
    private TestKernel k;
    private Inode inode;
    private Task other;

    @BeforeEach
    void setUp() throws ErrnoException {
        k = new TestKernel();
        k.write("/f", "data");
        inode = k.lookup("/f").inode();
        other = k.newTask();
    }

    private Object owner() { return k.task.group().pid(); }

    /** Regression: adjacent locks of one owner stayed apart, so F_GETLK reported only a piece. */
    @Test
    void adjacentLocksOfOneOwnerMerge() throws ErrnoException {
        FileLocks.setRecord(k.task, inode, owner(), F_WRLCK, 0, 39, false);
        FileLocks.setRecord(k.task, inode, owner(), F_WRLCK, 40, 59, false);
        FileLocks.Conflict c = FileLocks.test(other, inode, other.group().pid(), F_RDLCK, 0, 199);
        assertEquals(0, c.start());
        assertEquals(59, c.end());
    }

    @Test
    void unlockingTheMiddleSplitsALockAndTheLowestConflictIsReported() throws ErrnoException {
        FileLocks.setRecord(k.task, inode, owner(), F_WRLCK, 0, 99, false);
        FileLocks.setRecord(k.task, inode, owner(), F_UNLCK, 40, 59, false);
        assertNull(FileLocks.test(other, inode, other.group().pid(), F_WRLCK, 45, 49));
        FileLocks.Conflict c = FileLocks.test(other, inode, other.group().pid(), F_WRLCK, 30, 70);
        assertEquals(0, c.start());
        assertEquals(39, c.end());
        assertErrno(Errno.EAGAIN, () -> FileLocks.setRecord(other, inode, other.group().pid(), F_WRLCK, 60, 60, false));
        FileLocks.setRecord(other, inode, other.group().pid(), F_WRLCK, 45, 49, false);
    }
}
