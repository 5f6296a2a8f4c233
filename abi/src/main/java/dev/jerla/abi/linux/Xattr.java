package dev.jerla.abi.linux;

/** Extended attributes (include/uapi/linux/xattr.h, include/uapi/linux/limits.h). */
public final class Xattr {
    private Xattr() {}

    public static final int XATTR_CREATE = 0x1;
    public static final int XATTR_REPLACE = 0x2;

    /** Longest name, in bytes. */
    public static final int XATTR_NAME_MAX = 255;
    /** Largest value, in bytes. */
    public static final int XATTR_SIZE_MAX = 65536;
    /** Largest list returned by listxattr. */
    public static final int XATTR_LIST_MAX = 65536;

    public static final String XATTR_USER_PREFIX = "user.";
    public static final String XATTR_TRUSTED_PREFIX = "trusted.";
    public static final String XATTR_SECURITY_PREFIX = "security.";
    public static final String XATTR_SYSTEM_PREFIX = "system.";
}
