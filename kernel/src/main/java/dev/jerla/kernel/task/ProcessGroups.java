package dev.jerla.kernel.task;

import dev.jerla.abi.linux.Signal;
import dev.jerla.kernel.signal.SigInfo;
import dev.jerla.kernel.signal.Signals;

/**
 * Orphaned process groups (POSIX job control, kernel/exit.c): a group is orphaned when no
 * member has a parent in a different group of the same session. A group that becomes orphaned
 * while it has stopped members gets SIGHUP and SIGCONT. All methods run with the ProcessTable lock held.
 */
public final class ProcessGroups {
    private ProcessGroups() {}

    /** will_become_orphaned_pgrp: true if no process of {@code pgid} other than {@code ignore} links it to its session. */
    public static boolean orphaned(ProcessTable pt, int pgid, ThreadGroup ignore) {
        for (ThreadGroup p : pt.processGroup(pgid)) {
            if (p == ignore || p.isZombie()) continue;
            ThreadGroup parent = p.parent();
            if (parent == null || parent.pid() == 1) continue;
            if (parent.pgid() != pgid && parent.sid() == p.sid()) return false;
        }
        return true;
    }

    private static boolean hasStoppedJobs(ProcessTable pt, int pgid) {
        for (ThreadGroup p : pt.processGroup(pgid)) {
            if (p.stopState() == ThreadGroup.StopState.STOPPED) return true;
        }
        return false;
    }

    /**
     * kill_orphaned_pgrp: {@code g}'s group loses its link through {@code parent} (when g exits,
     * parent is g's parent and g is ignored; when g is reparented, parent is the exiting father).
     */
    static void killIfOrphaned(ProcessTable pt, ThreadGroup g, ThreadGroup parent, boolean exiting) {
        if (parent == null) return;
        int pgid = g.pgid();
        if (parent.pgid() != pgid && parent.sid() == g.sid()
                && orphaned(pt, pgid, exiting ? g : null) && hasStoppedJobs(pt, pgid)) {
            Signals.sendToProcessGroupLocked(pt, pgid, SigInfo.kernel(Signal.SIGHUP));
            Signals.sendToProcessGroupLocked(pt, pgid, SigInfo.kernel(Signal.SIGCONT));
        }
    }
}
