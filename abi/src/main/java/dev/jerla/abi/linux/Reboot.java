package dev.jerla.abi.linux;

/** reboot(2) magic numbers and commands, mirroring include/uapi/linux/reboot.h. */
public final class Reboot {
    private Reboot() {}

    public static final int LINUX_REBOOT_MAGIC1 = 0xfee1dead;
    public static final int LINUX_REBOOT_MAGIC2 = 672274793;
    public static final int LINUX_REBOOT_MAGIC2A = 85072278;
    public static final int LINUX_REBOOT_MAGIC2B = 369367448;
    public static final int LINUX_REBOOT_MAGIC2C = 537993216;

    public static final int LINUX_REBOOT_CMD_RESTART = 0x01234567;
    public static final int LINUX_REBOOT_CMD_HALT = 0xCDEF0123;
    public static final int LINUX_REBOOT_CMD_CAD_ON = 0x89ABCDEF;
    public static final int LINUX_REBOOT_CMD_CAD_OFF = 0x00000000;
    public static final int LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;
    public static final int LINUX_REBOOT_CMD_RESTART2 = 0xA1B2C3D4;
    public static final int LINUX_REBOOT_CMD_SW_SUSPEND = 0xD000FCE2;
    public static final int LINUX_REBOOT_CMD_KEXEC = 0x45584543;
}
