package dev.jerla.cli;

import dev.jerla.cli.image.InitramfsIndex;
import dev.jerla.cli.image.SshImage;
import dev.jerla.cli.image.SystemImage;
import dev.jerla.cli.image.SystemImage.Addition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code jerla image}: builds a system image, an initramfs holding Debian's static BusyBox, its
 * applet links and the base files of a Linux system; or lists an image's contents.
 */
@Command(name = "image", sortOptions = false, separator = " ",
        description = {"Build a system image (an initramfs) with BusyBox, or list one.",
                "The image holds Debian's static BusyBox (package busybox-static, fetched with apt-get download "
                        + "unless --deb or --busybox is given), a link per applet, /dev/console and /etc basics. "
                        + "Without -o it (re)builds the default image that `jerla run` boots."})
final class ImageCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the image (default: the default image).")
    Path output;

    @Option(names = "--deb", paramLabel = "FILE", description = "Take BusyBox from this busybox-static .deb.")
    Path deb;

    @Option(names = "--busybox", paramLabel = "FILE", description = "Take this static x86-64 BusyBox binary.")
    Path busybox;

    @Option(names = "--add", paramLabel = "HOSTPATH:GUESTPATH", converter = AdditionConverter.class,
            description = "Copy a host file or directory tree into the image. Repeatable.")
    List<Addition> additions = new ArrayList<>();

    @Option(names = "--ssh", description = "Build (or with --list, list) the SSH image that `jerla run --image ssh` boots: "
            + "the default image plus dropbear, compiled from Debian's dropbear source package with musl-gcc "
            + "(again only when Debian has a newer version). See docs/ssh.md.")
    boolean ssh;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--list", description = "List the image's contents (the default image, or -o FILE) instead of building.")
    boolean list;

    @Override
    public Integer call() throws CommandFailure, IOException {
        Path cache = JerlaHome.cache();
        if (ssh) {
            return ssh(cache);
        }
        Path target = output != null ? output.toAbsolutePath() : SystemImage.defaultImage(cache);
        PrintStream out = System.out;
        if (list) {
            if (output == null) {
                SystemImage.ensureDefault(cache, System.err);
            } else if (!Files.isRegularFile(target)) {
                throw new CommandFailure(target + ": no such image file", KernelLauncher.EXIT_JERLA_FAILURE);
            }
            print(InitramfsIndex.read(target), out);
            return 0;
        }
        if (deb != null && busybox != null) {
            throw new CommandFailure("--deb and --busybox are alternatives; give one", 2);
        }
        SystemImage.BusyBoxSource source = deb != null ? new SystemImage.FromPackage(deb)
                : busybox != null ? new SystemImage.FromBinary(busybox)
                : new SystemImage.FromApt(cache.resolve("debs"));
        SystemImage.Summary summary = SystemImage.build(source, additions, target, cache, System.err);
        System.err.println("jerla: wrote " + summary.archive() + " (" + summary.entries() + " entries, "
                + summary.applets() + " applets, " + Files.size(summary.archive()) + " bytes)");
        return 0;
    }

    /** {@code --ssh}: builds the SSH image (into -o FILE, or the cache) or lists it. */
    private int ssh(Path cache) throws CommandFailure, IOException {
        if (deb != null || busybox != null || !additions.isEmpty()) {
            throw new CommandFailure("--ssh builds on the default image; --deb, --busybox and --add do not apply to it", 2);
        }
        Path target = output != null ? output.toAbsolutePath() : SshImage.image(cache);
        if (list) {
            if (output == null) {
                SshImage.ensure(cache, System.err);
            } else if (!Files.isRegularFile(target)) {
                throw new CommandFailure(target + ": no such image file", KernelLauncher.EXIT_JERLA_FAILURE);
            }
            print(InitramfsIndex.read(target), System.out);
            return 0;
        }
        SshImage.Summary summary = SshImage.build(cache, target, true, System.err);
        System.err.println("jerla: wrote " + summary.archive() + " (" + summary.entries() + " entries, dropbear "
                + summary.dropbearVersion() + ", " + Files.size(summary.archive()) + " bytes); log in with "
                + "ssh -i " + SshImage.keyDir(cache).resolve(SshImage.CLIENT_KEY) + " or root's password '"
                + SshImage.DEMO_PASSWORD + "'");
        return 0;
    }

    /** One line per entry, like "ls -l": type and permissions, size or device, path and link target. */
    static void print(InitramfsIndex index, PrintStream out) {
        for (InitramfsIndex.Entry e : index.entries().values()) {
            char type = e.isDirectory() ? 'd' : e.isSymlink() ? 'l' : e.isCharacterDevice() ? 'c' : e.isRegularFile() ? '-' : '?';
            String size = e.isCharacterDevice() ? e.rdevMajor() + "," + e.rdevMinor() : Long.toString(e.size());
            out.printf("%c%04o %10s %s%s%n", type, e.permissions(), size, e.path(),
                    e.linkTarget() != null ? " -> " + e.linkTarget() : "");
        }
    }

    static final class AdditionConverter implements ITypeConverter<Addition> {
        @Override
        public Addition convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not HOSTPATH:GUESTPATH");
            }
            Path host = Path.of(value.substring(0, colon));
            if (!Files.exists(host)) {
                throw new TypeConversionException("'" + value + "': " + host + " does not exist");
            }
            return new Addition(host, value.substring(colon + 1));
        }
    }
}
