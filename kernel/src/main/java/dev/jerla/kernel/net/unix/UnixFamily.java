package dev.jerla.kernel.net.unix;

import dev.jerla.kernel.GuestStrings;
import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Fcntl;
import dev.jerla.abi.linux.Stat;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.Kernel;
import dev.jerla.kernel.net.Socket;
import dev.jerla.kernel.net.SocketFamily;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.FileSystem;
import dev.jerla.kernel.vfs.Inode;
import dev.jerla.kernel.vfs.Location;
import dev.jerla.kernel.vfs.Permission;
import dev.jerla.kernel.vfs.Vfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static dev.jerla.abi.linux.Socket.*;

/**
 * The AF_UNIX family of one kernel (unix_family_ops): creates sockets and pairs and keeps the two
 * namespaces, the abstract names and the filesystem names bound to socket inodes.
 */
public final class UnixFamily implements SocketFamily {
    /** net.unix.max_dgram_qlen: the datagram receive queue limit (sk_max_ack_backlog of a new socket). */
    static final int MAX_DGRAM_QLEN = 10;

    /** Guards every AF_UNIX socket's state and the name tables. */
    final Object mu = new Object();
    // mu guards the fields below.
    private final Map<String, UnixSocket> abstractNames = new HashMap<>();
    private final Map<InodeKey, UnixSocket> pathNames = new HashMap<>();
    private int nextAutobind = 1;

    /** A socket inode named by its filesystem and inode number (hostfs makes new Inode objects per lookup). */
    record InodeKey(FileSystem fs, long ino) {
        static InodeKey of(Inode i) { return new InodeKey(i.fs(), i.ino()); }
    }

    /** Registers AF_UNIX in the kernel's socket families. */
    public static void install(Kernel k) {
        k.sockets().register(AF_UNIX, new UnixFamily());
    }

    @Override
    public Socket create(Task t, int type, int protocol, int fileFlags) throws ErrnoException {
        type = checkType(type, protocol);
        return new UnixSocket(this, type, fileFlags);
    }

    /** unix_socketpair: two sockets connected to each other, each with the creator's credentials. */
    @Override
    public Socket[] pair(Task t, int type, int protocol, int fileFlags) throws ErrnoException {
        type = checkType(type, protocol);
        UnixSocket a = new UnixSocket(this, type, fileFlags);
        UnixSocket b = new UnixSocket(this, type, fileFlags);
        synchronized (mu) {
            a.connectPair(b, UnixSocket.credsOf(t));
        }
        return new Socket[] {a, b};
    }

    /** unix_create: protocol 0 (or PF_UNIX) and the three types; SOCK_RAW becomes SOCK_DGRAM. */
    private static int checkType(int type, int protocol) throws ErrnoException {
        if (protocol != 0 && protocol != AF_UNIX) throw ErrnoException.of(Errno.EPROTONOSUPPORT);
        return switch (type) {
            case SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET -> type;
            case SOCK_RAW -> SOCK_DGRAM;
            default -> throw ErrnoException.of(Errno.ESOCKTNOSUPPORT);
        };
    }

    // ---------------------------------------------------------------- addresses

    /** A parsed sockaddr_un: an abstract name or a path, and the address bytes getsockname returns. */
    record Address(String abstractName, String path, byte[] bytes) {}

    /**
     * unix_validate_addr and unix_mkname_bsd: EINVAL for a short length or another family; a
     * path is cut at its first NUL and stored with one; returns null for a bare family (autobind).
     */
    static Address parse(byte[] a) throws ErrnoException {
        if (a.length < SA_FAMILY_SIZE || (a[0] & 0xFF | (a[1] & 0xFF) << 8) != AF_UNIX) {
            throw ErrnoException.of(Errno.EINVAL);
        }
        if (a.length > SOCKADDR_UN_SIZE) throw ErrnoException.of(Errno.EINVAL);
        if (a.length == SA_FAMILY_SIZE) return null;
        if (a[2] == 0) {
            String name = new String(a, 3, a.length - 3, StandardCharsets.ISO_8859_1);
            return new Address(name, null, a.clone());
        }
        int end = 2;
        while (end < a.length && a[end] != 0) end++;
        byte[] bytes = Arrays.copyOf(a, end + 1);
        String path = GuestStrings.decode(a, 2, end - 2);
        return new Address(null, path, bytes);
    }

    /** unix_autobind: an abstract name of five hex digits; the caller holds mu. */
    Address autobindName(int type) throws ErrnoException {
        for (int tries = 0; tries < 0x100000; tries++) {
            String hex = String.format("%05x", nextAutobind);
            nextAutobind = (nextAutobind + 1) & 0xFFFFF;
            if (!abstractNames.containsKey(abstractKey(hex, type))) {
                byte[] b = new byte[SA_FAMILY_SIZE + 1 + 5];
                b[0] = AF_UNIX;
                System.arraycopy(hex.getBytes(StandardCharsets.ISO_8859_1), 0, b, 3, 5);
                return new Address(hex, null, b);
            }
        }
        throw ErrnoException.of(Errno.ENOSPC);
    }

    /**
     * The key of an abstract name in the table: Linux hashes the socket type into the name's
     * hash (unix_abstract_hash), so each type has its own abstract namespace.
     */
    private static String abstractKey(String name, int type) {
        return type + ":" + name;
    }

    /** Claims an abstract name; EADDRINUSE if taken. The caller holds mu. */
    void bindAbstract(String name, UnixSocket s) throws ErrnoException {
        String key = abstractKey(name, s.type());
        if (abstractNames.containsKey(key)) throw ErrnoException.of(Errno.EADDRINUSE);
        abstractNames.put(key, s);
    }

    /** The namespace the task resolves paths in (its root's mount tree). */
    private static Vfs vfsOf(Task t) {
        return t.fs().root().mount().vfs();
    }

    /**
     * unix_bind_bsd: makes the S_IFSOCK node with mode 0777 less the umask (EADDRINUSE when the
     * name exists) and remembers which socket it belongs to.
     */
    InodeKey bindPath(Task t, String path, UnixSocket s) throws ErrnoException {
        Vfs vfs = vfsOf(t);
        try {
            vfs.mknod(t, Fcntl.AT_FDCWD, path, Stat.S_IFSOCK | 0777, 0);
        } catch (ErrnoException e) {
            if (e.code() == Errno.EEXIST.number()) throw ErrnoException.of(Errno.EADDRINUSE);
            throw e;
        }
        Inode inode = vfs.lookup(t, Fcntl.AT_FDCWD, path, Fcntl.AT_SYMLINK_NOFOLLOW).inode();
        InodeKey key = InodeKey.of(inode);
        synchronized (mu) {
            pathNames.put(key, s);
        }
        return key;
    }

    /** Forgets the names of a socket being released; the caller holds mu. */
    void unbind(String abstractName, InodeKey inode, UnixSocket s) {
        if (abstractName != null) abstractNames.remove(abstractKey(abstractName, s.type()), s);
        if (inode != null) pathNames.remove(inode, s);
    }

    /**
     * unix_find_other: the socket bound to an address. A path must name a socket the caller may
     * write (ECONNREFUSED for other files); EPROTOTYPE when the types differ; ECONNREFUSED when
     * nothing is bound or the socket is gone.
     */
    UnixSocket find(Task t, Address a, int type) throws ErrnoException {
        UnixSocket s;
        if (a.path() != null) {
            Location loc = vfsOf(t).lookup(t, a.path());
            Inode inode = loc.inode();
            if (!Stat.isSock(inode.mode())) throw ErrnoException.of(Errno.ECONNREFUSED);
            Permission.check(t.creds(), inode, Permission.MAY_WRITE);
            synchronized (mu) {
                s = pathNames.get(InodeKey.of(inode));
            }
        } else {
            synchronized (mu) {
                s = abstractNames.get(abstractKey(a.abstractName(), type));
            }
        }
        if (s == null) throw ErrnoException.of(Errno.ECONNREFUSED);
        if (s.type() != type) throw ErrnoException.of(Errno.EPROTOTYPE);
        return s;
    }
}
