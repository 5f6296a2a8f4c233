package dev.jerla.kernel.net;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;

import java.util.concurrent.atomic.AtomicReferenceArray;

/** The address families of a kernel (net_families of net/socket.c). */
public final class Sockets {
    private final AtomicReferenceArray<SocketFamily> families =
            new AtomicReferenceArray<>(dev.jerla.abi.linux.Socket.AF_MAX);

    private volatile DeviceIoctl deviceIoctl;

    public Sockets() {}

    /** The network-device ioctls (SIOCGIFCONF, SIOCGIFINDEX, ...) that any socket answers. */
    @FunctionalInterface
    public interface DeviceIoctl {
        long ioctl(Task t, int cmd, long arg) throws ErrnoException;
    }

    /** Installs the handler of the device ioctls (the inet stack owns the interfaces). */
    public void setDeviceIoctl(DeviceIoctl handler) {
        deviceIoctl = handler;
    }

    /**
     * A device ioctl on a socket of any family, as sock_ioctl passes unknown commands to
     * dev_ioctl (glibc's if_nametoindex asks through an AF_UNIX socket); ENOTTY without handler.
     */
    public long deviceIoctl(Task t, int cmd, long arg) throws ErrnoException {
        DeviceIoctl h = deviceIoctl;
        if (h == null) throw ErrnoException.of(Errno.ENOTTY);
        return h.ioctl(t, cmd, arg);
    }

    /** Registers the creator of one family (sock_register). */
    public void register(int family, SocketFamily f) {
        families.set(family, f);
    }

    /** The family's creator; EAFNOSUPPORT if none is registered. */
    public SocketFamily family(int family) throws ErrnoException {
        if (family < 0 || family >= families.length()) throw ErrnoException.of(Errno.EAFNOSUPPORT);
        SocketFamily f = families.get(family);
        if (f == null) throw ErrnoException.of(Errno.EAFNOSUPPORT);
        return f;
    }
}
