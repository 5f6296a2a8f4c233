package dev.jerla.kernel.net;

import dev.jerla.kernel.vfs.FileDescription;

import java.util.List;

/**
 * The ancillary data of one message (struct scm_cookie of include/net/scm.h plus the other cmsgs),
 * already converted from the guest's cmsg buffer: descriptors become retained file descriptions.
 */
public final class Control {
    /** SCM_RIGHTS: one reference held per entry while the message is in flight, or null. */
    public List<FileDescription> rights;
    /** SCM_CREDENTIALS, or null. */
    public Credentials creds;
    /** Other cmsgs (IP_PKTINFO, timestamps, ...), or null. */
    public List<Raw> other;

    /** struct ucred. */
    public record Credentials(int pid, int uid, int gid) {}

    /** A control message passed through unchanged: level, type and payload bytes. */
    public record Raw(int level, int type, byte[] data) {}

    /** True when the message carries nothing. */
    public boolean isEmpty() {
        return (rights == null || rights.isEmpty()) && creds == null && (other == null || other.isEmpty());
    }

    /** Drops the references of the descriptors in flight (a message discarded unread, scm_destroy). */
    public void releaseRights() {
        if (rights == null) return;
        for (FileDescription f : rights) f.release();
        rights = null;
    }
}
