package dev.jerla.kernel;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the kernel needs to boot: the root filesystem, the first program, and how the
 * guest meets the host (console, standard streams, host directories). Built by the command line.
 *
 * @param root the root filesystem
 * @param mounts host directories mounted into the guest (hostfs), in order
 * @param argv the first process's argument vector; argv[0] is resolved in the guest (PATH is not searched)
 * @param env its environment, "NAME=value" strings
 * @param cwd its working directory, a guest path
 * @param console the host side of /dev/console
 * @param hostStdio true for {@code jerla exec}: descriptors 0, 1 and 2 of the first process are the
 *        host's standard streams; false for {@code jerla run}: they are /dev/console
 * @param trace print strace-like lines for every system call to {@code log}
 * @param log where kernel messages go (the host's stderr normally)
 * @param network the guest's network: loopback only, or loopback plus the host-backed interface,
 *        and the host ports forwarded into the guest
 * @param cpuLevel the x86-64 level the CPU advertises through CPUID ("x86-64-v2", "x86-64-v3"),
 *        or null for the highest one implemented
 */
public record KernelConfig(
        RootFs root,
        List<HostMount> mounts,
        List<String> argv,
        List<String> env,
        String cwd,
        Console console,
        boolean hostStdio,
        boolean trace,
        PrintStream log,
        Network network,
        String cpuLevel) {

    /** A configuration with the default network (user networking, no forwards) and CPU level. */
    public KernelConfig(RootFs root, List<HostMount> mounts, List<String> argv, List<String> env, String cwd,
            Console console, boolean hostStdio, boolean trace, PrintStream log) {
        this(root, mounts, argv, env, cwd, console, hostStdio, trace, log, Network.DEFAULT, null);
    }

    /** Where the root filesystem comes from. */
    public sealed interface RootFs permits Initramfs, HostRoot {}

    /** A cpio "newc" archive (optionally gzip-compressed) unpacked into the root tmpfs, as Linux does. */
    public record Initramfs(Path archive) implements RootFs {}

    /** A host directory as the root (hostfs), confined to it; devfs, procfs and a tmpfs at /tmp are mounted over it. */
    public record HostRoot(Path directory) implements RootFs {}

    /** A host directory visible at {@code guestPath}. */
    public record HostMount(Path hostPath, String guestPath, boolean readOnly) {}

    /**
     * The host terminal or streams behind /dev/console. {@code input} delivers the bytes the user
     * types (raw: the guest's line discipline does echo and editing); {@code output} receives what
     * the guest writes. {@code terminal} is true when the host side is a real terminal.
     */
    public record Console(InputStream input, OutputStream output, boolean terminal, int columns, int rows) {}

    /**
     * The guest's network. With {@code hostAccess} false ({@code --net none}) the guest has only
     * its loopback interface; otherwise it also has an Ethernet-like interface whose outbound
     * connections are carried by host sockets. {@code forwards} are the host ports that reach
     * guest ports ({@code -p HOSTPORT:GUESTPORT[/udp]}); nothing else of the guest is reachable.
     */
    public record Network(boolean hostAccess, List<PortForward> forwards) {
        public static final Network DEFAULT = new Network(true, List.of());
    }

    /** A host port on the host's loopback forwarded to a guest port. */
    public record PortForward(int hostPort, int guestPort, boolean udp) {}
}
