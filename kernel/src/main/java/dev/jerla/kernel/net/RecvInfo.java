package dev.jerla.kernel.net;

/** What recvmsg returns besides the bytes: the source address, the ancillary data and msg_flags. */
public final class RecvInfo {
    /** msg_name bytes (a full sockaddr), or null when the family has none to report. */
    public byte[] addr;
    /** Ancillary data received, or null. */
    public Control control;
    /** MSG_TRUNC, MSG_CTRUNC, MSG_EOR, ... as returned in msg_flags. */
    public int msgFlags;
}
