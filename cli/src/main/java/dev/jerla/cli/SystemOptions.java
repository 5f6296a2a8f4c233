package dev.jerla.cli;

import dev.jerla.kernel.KernelConfig.HostMount;
import dev.jerla.kernel.KernelConfig.Network;
import dev.jerla.kernel.KernelConfig.PortForward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options {@code run} and {@code exec} share: tracing, host directories, environment. */
final class SystemOptions {
    @Option(names = "--trace", description = "Print an strace-like line for every system call to stderr.")
    boolean trace;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOSTDIR:GUESTDIR[:ro]", converter = VolumeConverter.class,
            description = "Make host directory HOSTDIR visible at GUESTDIR (read-only with :ro). Repeatable.")
    List<HostMount> volumes = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", converter = AssignmentConverter.class,
            description = "Set an environment variable of the first process. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-p", "--publish"}, paramLabel = "HOSTPORT:GUESTPORT[/udp]", converter = ForwardConverter.class,
            description = "Forward a port of the host's loopback to a guest port (TCP unless /udp). Repeatable.")
    List<PortForward> forwards = new ArrayList<>();

    @Option(names = "--net", paramLabel = "user|none", converter = NetModeConverter.class,
            description = "user (default): outbound connections through the host; none: loopback only.")
    String net = "user";

    @Option(names = "--cpu", paramLabel = "LEVEL", converter = CpuLevelConverter.class,
            description = "The x86-64 level the CPU advertises: x86-64-v2 or x86-64-v3 (default: the highest implemented).")
    String cpu;

    /** The network the options describe. */
    Network network() {
        return switch (net) {
            case "user" -> new Network(true, List.copyOf(forwards));
            default -> new Network(false, List.copyOf(forwards));
        };
    }

    /** Parses "HOSTPORT:GUESTPORT[/udp|/tcp]" with ports 1 to 65535. */
    static PortForward parseForward(String spec) {
        String ports = spec;
        boolean udp = false;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            switch (spec.substring(slash + 1)) {
                case "udp" -> udp = true;
                case "tcp" -> udp = false;
                default -> throw new TypeConversionException("'" + spec + "': the protocol must be tcp or udp");
            }
            ports = spec.substring(0, slash);
        }
        String[] parts = ports.split(":", -1);
        if (parts.length != 2) {
            throw new TypeConversionException("'" + spec + "' is not HOSTPORT:GUESTPORT[/udp]");
        }
        return new PortForward(port(spec, parts[0]), port(spec, parts[1]), udp);
    }

    private static int port(String spec, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("'" + spec + "': '" + text + "' is not a port number (1-65535)");
    }

    /**
     * Parses "HOSTDIR:GUESTDIR[:ro|:rw]". HOSTDIR must be an existing directory (relative to
     * {@code cwd}); GUESTDIR must be absolute.
     */
    static HostMount parseVolume(String spec, Path cwd) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new TypeConversionException("'" + spec + "' is not HOSTDIR:GUESTDIR[:ro]");
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            switch (parts[2]) {
                case "ro" -> readOnly = true;
                case "rw" -> readOnly = false;
                default -> throw new TypeConversionException("'" + spec + "': the mode must be ro or rw, not '" + parts[2] + "'");
            }
        }
        Path host = cwd.resolve(parts[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(host)) {
            throw new TypeConversionException("'" + spec + "': " + host + " is not a directory");
        }
        if (!parts[1].startsWith("/")) {
            throw new TypeConversionException("'" + spec + "': the guest directory must be an absolute path");
        }
        return new HostMount(host, parts[1], readOnly);
    }

    /** Checks "NAME=VALUE": a non-empty name without '='. */
    static String parseAssignment(String spec) {
        if (spec.indexOf('=') <= 0) {
            throw new TypeConversionException("'" + spec + "' is not NAME=VALUE");
        }
        return spec;
    }

    static final class VolumeConverter implements ITypeConverter<HostMount> {
        @Override
        public HostMount convert(String value) {
            return parseVolume(value, Path.of(System.getProperty("user.dir")));
        }
    }

    static final class AssignmentConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return parseAssignment(value);
        }
    }

    static final class ForwardConverter implements ITypeConverter<PortForward> {
        @Override
        public PortForward convert(String value) {
            return parseForward(value);
        }
    }

    /** Accepts the CPU levels the CPU knows (a usage error otherwise, not a kernel failure). */
    static final class CpuLevelConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                dev.jerla.cpu.exec.CpuFeatures.forLevel(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return value;
        }
    }

    static final class NetModeConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("user") && !value.equals("none")) {
                throw new TypeConversionException("--net must be user or none, not '" + value + "'");
            }
            return value;
        }
    }
}
