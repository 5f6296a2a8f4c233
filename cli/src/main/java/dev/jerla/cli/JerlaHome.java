package dev.jerla.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where Jerla lives: the checkout the launcher runs from, and the cache directory inside it. */
final class JerlaHome {
    private JerlaHome() {}

    /**
     * The checkout: the "jerla.home" system property (set by the launcher), else three levels
     * above cli/target/jerla.jar, else the working directory.
     */
    static Path root() {
        String property = System.getProperty("jerla.home");
        if (property != null && !property.isEmpty()) {
            return Path.of(property).toAbsolutePath();
        }
        CodeSource source = JerlaHome.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                Path code = Path.of(source.getLocation().toURI());
                Path target = code.getParent();
                if (code.getFileName().toString().endsWith(".jar") && target != null
                        && target.getParent() != null && target.getParent().getParent() != null) {
                    return target.getParent().getParent();
                }
            } catch (URISyntaxException e) {
                // Not a file location; fall through to the working directory.
            }
        }
        return Path.of(System.getProperty("user.dir"));
    }

    /** Downloaded packages and built images: .cache in the checkout. */
    static Path cache() {
        return root().resolve(".cache");
    }
}
