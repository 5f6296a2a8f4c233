package dev.jerla.kernel.task;

/**
 * The identity a task acts with, as in include/linux/cred.h: real, effective, saved and
 * filesystem user and group ids and the supplementary groups. Immutable: a change makes a new one.
 */
public record Credentials(int uid, int euid, int suid, int fsuid,
                          int gid, int egid, int sgid, int fsgid, int[] groups) {
    public static final Credentials ROOT = new Credentials(0, 0, 0, 0, 0, 0, 0, 0, new int[0]);

    public boolean inGroup(int g) {
        if (g == fsgid) return true;
        for (int x : groups) if (x == g) return true;
        return false;
    }
}
