package dev.jerla.cli.image;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Dropbear, the SSH server of the SSH image, built on the host from Debian's dropbear source
 * package (with Debian's patches) as static x86-64 programs linked with musl. Finished builds
 * are kept in the cache, one directory per source version ("dropbear-2022.83-1+deb12u3").
 *
 * <p>Debian's musl-dev leaves crypt() out of its libc.a (musl's debian/rules), and dropbear's
 * password login needs it, so musl's own src/crypt, from Debian's musl source package, is
 * compiled into a small libcrypt.a that dropbear links against.
 */
public final class DropbearBuild {
    /** The Debian source package. */
    public static final String SOURCE_PACKAGE = "dropbear";
    /** Where musl's crypt() comes from. */
    static final String MUSL_SOURCE_PACKAGE = "musl";
    /** The programs built: the server, its key tool, scp, the client and the key converter. */
    public static final List<String> PROGRAMS = List.of("dropbear", "dropbearkey", "scp", "dbclient", "dropbearconvert");

    /** The host programs a build runs, with the Debian package of each. */
    static final Map<String, String> HOST_PROGRAMS = orderedMap(
            "apt-get", "apt",
            "dpkg-source", "dpkg-dev",
            "musl-gcc", "musl-tools",
            "gcc", "gcc",
            "make", "make",
            "ar", "binutils",
            "bzip2", "bzip2",
            "xz", "xz-utils");

    /**
     * Options compiled into dropbear (its localoptions.h overrides default_options.h): root logs
     * in with a key from /root/.ssh/authorized_keys or with the password in /etc/shadow.
     */
    static final String LOCAL_OPTIONS = """
            /* Jerla's SSH image: public-key and password logins, root included. */
            #define DROPBEAR_SVR_PUBKEY_AUTH 1
            #define DROPBEAR_SVR_PASSWORD_AUTH 1
            /* The client scp runs, installed as /usr/bin/dbclient. */
            #define DROPBEAR_PATH_SSH_PROGRAM "/usr/bin/dbclient"
            /* Port-forwarded connections all come from the host's loopback: let ten and more
               log in at once (the default allows 5 unauthenticated per address). */
            #define MAX_UNAUTH_PER_IP 32
            #define MAX_UNAUTH_CLIENTS 64
            """;

    /**
     * Names what a build is made from besides the source: the options, the configure line and
     * the programs. It is part of a build's directory name, so changing the recipe rebuilds.
     */
    static final String RECIPE = recipe();

    /** A finished build: its source version and the directory holding {@link #PROGRAMS}. */
    public record Build(String version, Path dir) {
        public Path program(String name) {
            return dir.resolve(name);
        }
    }

    private static final String BUILD_PREFIX = "dropbear-";
    private static final String PARTIAL_SUFFIX = ".partial";

    private DropbearBuild() {}

    /** The build area under Jerla's cache directory: apt state, downloaded sources, builds and build.log. */
    public static Path root(Path cacheDir) {
        return cacheDir.resolve("ssh");
    }

    /**
     * Returns a finished build. Without {@code refresh} any finished build is used as it is (no
     * network); with it, or when there is none, the source indexes are updated and the current
     * Debian version is built unless it already is.
     */
    public static Build ensure(Path cacheDir, boolean refresh, PrintStream log) throws IOException {
        Path root = root(cacheDir);
        Optional<Build> cached = newest(root);
        if (!refresh && cached.isPresent()) {
            return cached.get();
        }
        HostTools.require(Map.of("apt-get", "apt", "dpkg-source", "dpkg-dev"), "fetching Debian's dropbear source");
        Files.createDirectories(root);
        HostTools tools = new HostTools(root.resolve("build.log"), log);
        DebianSource apt = new DebianSource(root.resolve("apt"), tools);
        String version;
        try {
            if (refresh || !apt.hasIndexes()) {
                log.println("jerla: updating the Debian source package indexes in " + root.resolve("apt"));
                apt.update();
            }
            version = apt.version(SOURCE_PACKAGE);
        } catch (ImageException e) {
            // Offline, say: a build made earlier still serves.
            if (cached.isEmpty()) {
                throw e;
            }
            log.println("jerla: " + e.getMessage() + "; using the dropbear " + cached.get().version() + " built earlier");
            return cached.get();
        }
        Path done = root.resolve(BUILD_PREFIX + version + "-" + RECIPE);
        if (complete(done)) {
            return new Build(version, done);
        }
        HostTools.require(HOST_PROGRAMS, "building dropbear");
        long started = System.nanoTime();
        build(apt, version, root, done, tools);
        log.printf("jerla: built dropbear %s in %d s (%s)%n", version, (System.nanoTime() - started) / 1_000_000_000L, done);
        return new Build(version, done);
    }

    private static void build(DebianSource apt, String version, Path root, Path done, HostTools tools)
            throws IOException {
        PrintStream log = tools.log();
        Path work = root.resolve("work");
        deleteTree(work);
        Files.createDirectories(work);
        Path downloads = root.resolve("src");
        log.println("jerla: fetching Debian's " + SOURCE_PACKAGE + " " + version + " and "
                + MUSL_SOURCE_PACKAGE + " source packages into " + downloads);
        Path dropbear = apt.unpack(SOURCE_PACKAGE, version, downloads, work.resolve(SOURCE_PACKAGE));
        Path musl = apt.unpack(MUSL_SOURCE_PACKAGE, apt.version(MUSL_SOURCE_PACKAGE), downloads,
                work.resolve(MUSL_SOURCE_PACKAGE));
        log.println("jerla: compiling dropbear " + version + " with musl-gcc (output in " + tools.logFile() + ")");
        Path crypt = buildCrypt(musl, work.resolve("crypt"), tools);
        Files.writeString(dropbear.resolve("localoptions.h"), LOCAL_OPTIONS, StandardCharsets.UTF_8);
        tools.run("dropbear's configure", dropbear, configure(crypt));
        tools.run("make", dropbear, List.of("make", "-j" + Runtime.getRuntime().availableProcessors(),
                "PROGRAMS=" + String.join(" ", PROGRAMS)));
        Path partial = root.resolve(done.getFileName() + PARTIAL_SUFFIX);
        deleteTree(partial);
        Files.createDirectories(partial);
        for (String program : PROGRAMS) {
            Files.copy(dropbear.resolve(program), partial.resolve(program), StandardCopyOption.COPY_ATTRIBUTES);
        }
        try {
            Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, done);
        }
        deleteTree(work);
        // Builds of other versions or recipes are never used again.
        try (Stream<Path> list = Files.list(root)) {
            for (Path old : list.filter(p -> p.getFileName().toString().startsWith(BUILD_PREFIX) && !p.equals(done)).toList()) {
                deleteTree(old);
            }
        }
    }

    /** musl's crypt() (src/crypt/crypt*.c) as {@code dir}/libcrypt.a, with its header in {@code dir}/include. */
    private static Path buildCrypt(Path musl, Path dir, HostTools tools) throws IOException {
        Files.createDirectories(dir.resolve("include"));
        List<String> sources;
        try (Stream<Path> files = Files.list(musl.resolve("src").resolve("crypt"))) {
            sources = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("crypt") && n.endsWith(".c"))
                    .sorted()
                    .toList();
        }
        if (sources.isEmpty()) {
            throw new ImageException(musl + "/src/crypt has no crypt*.c sources");
        }
        // The internal headers (src/include, src/internal) declare the hidden helpers the files share.
        List<String> compile = new ArrayList<>(List.of("musl-gcc", "-Os", "-c",
                "-I", musl.resolve("src/include").toString(), "-I", musl.resolve("src/internal").toString()));
        for (String source : sources) {
            compile.add(musl.resolve("src/crypt").resolve(source).toString());
        }
        tools.run("compiling musl's crypt", dir, compile);
        List<String> archive = new ArrayList<>(List.of("ar", "rcs", "libcrypt.a"));
        for (String source : sources) {
            archive.add(source.substring(0, source.length() - 2) + ".o");
        }
        tools.run("ar", dir, archive);
        Files.copy(musl.resolve("include/crypt.h"), dir.resolve("include/crypt.h"), StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    /** dropbear's ./configure: static, musl, bundled libtom, crypt() from {@code crypt}, stripped. */
    static List<String> configure(Path crypt) {
        return List.of("./configure",
                "CC=musl-gcc",
                "CPPFLAGS=-I" + crypt.resolve("include"),
                "LDFLAGS=-L" + crypt + " -s",
                "--enable-static",
                "--enable-bundled-libtom",
                // Compression is optional in SSH and a static zlib for musl is not at hand.
                "--disable-zlib",
                // The image keeps no login records (utmp, wtmp, lastlog).
                "--disable-lastlog", "--disable-utmp", "--disable-utmpx", "--disable-wtmp", "--disable-wtmpx",
                "--disable-pututline", "--disable-pututxline", "--disable-loginfunc");
    }

    /** The most recently finished build in {@code root}, if any. */
    static Optional<Build> newest(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Path> builds;
        try (Stream<Path> list = Files.list(root)) {
            builds = list.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(BUILD_PREFIX) && name.endsWith("-" + RECIPE) && complete(p);
            }).toList();
        }
        Optional<Path> newest = builds.stream().max(Comparator.comparingLong(DropbearBuild::modified));
        return newest.map(p -> {
            String name = p.getFileName().toString();
            return new Build(name.substring(BUILD_PREFIX.length(), name.length() - RECIPE.length() - 1), p);
        });
    }

    private static boolean complete(Path dir) {
        return PROGRAMS.stream().allMatch(p -> Files.isRegularFile(dir.resolve(p)) && Files.isExecutable(dir.resolve(p)));
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String recipe() {
        String text = LOCAL_OPTIONS + String.join(" ", configure(Path.of("crypt"))) + String.join(" ", PROGRAMS);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
