package dev.jerla.kernel.fs.devpts;

import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.vfs.DirEntry;
import dev.jerla.kernel.vfs.Inode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class DevPtsTest {
    @Test
    void indicesAreTheLowestFreeAndReusedOnceKilled() throws ErrnoException {
        DevPts pts = new DevPts();
        assertEquals(0, pts.newIndex());
        assertEquals(1, pts.newIndex());
        assertEquals(2, pts.newIndex());
        pts.killIndex(1);
        assertEquals(1, pts.newIndex());
        assertEquals(3, pts.newIndex());
    }

    @Test
    void slaveNodesAreCharDevices136WithTheTtyGroupAndMode620() throws ErrnoException {
        DevPts pts = new DevPts();
        int i = pts.newIndex();
        pts.addNode(i, 1000, (loc, flags, t) -> null);
        Inode n = pts.root().lookup("0");
        assertNotNull(n);
        assertEquals(Stat.S_IFCHR | 0620, n.mode());
        assertEquals(1000, n.uid());
        assertEquals(DevPts.TTY_GID, n.gid());
        assertEquals(Stat.encodeDev(136, 0), n.getattr().rdev());
        assertEquals(Stat.encodeDev(5, 2), pts.root().lookup("ptmx").getattr().rdev());
    }

    @Test
    void aRemovedNodeIsGoneFromLookupAndListingButTheIndexStaysTaken() throws ErrnoException {
        DevPts pts = new DevPts();
        pts.addNode(pts.newIndex(), 0, (loc, flags, t) -> null);
        pts.addNode(pts.newIndex(), 0, (loc, flags, t) -> null);
        pts.removeNode(0);
        assertNull(pts.root().lookup("0"));
        assertNotNull(pts.root().lookup("1"));
        assertEquals(List.of("ptmx", "1"), pts.root().readdir().stream().map(DirEntry::name).toList());
        assertEquals(2, pts.newIndex());
    }

    @Test
    void namesThatAreNotIndicesAreNotFound() throws ErrnoException {
        DevPts pts = new DevPts();
        pts.addNode(pts.newIndex(), 0, (loc, flags, t) -> null);
        assertNull(pts.root().lookup("00"));
        assertNull(pts.root().lookup("-0"));
        assertNull(pts.root().lookup("x"));
        assertNull(pts.root().lookup("999999"));
    }
}
