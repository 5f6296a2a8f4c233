package dev.jerla.cli;

import dev.jerla.kernel.KernelConfig.HostMount;
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
}
