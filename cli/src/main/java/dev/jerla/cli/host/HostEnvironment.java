package dev.jerla.cli.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The environment Jerla was started with, as "NAME=value" strings. */
public final class HostEnvironment {
    private HostEnvironment() {}

    /**
     * The host environment in the order the host kernel passed it (read from /proc/self/environ),
     * so a guest that prints its environ sees what a native run would; falls back to
     * {@link System#getenv()} (unordered) where /proc is not available.
     */
    public static List<String> current() {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/environ"));
            List<String> env = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    if (i > start) {
                        env.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return env;
        } catch (IOException e) {
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
                env.add(variable.getKey() + "=" + variable.getValue());
            }
            return env;
        }
    }

    /**
     * Returns {@code env} with each "NAME=value" of {@code assignments} applied: a name already
     * present keeps its place and takes the new value, a new name is appended.
     */
    public static List<String> with(List<String> env, List<String> assignments) {
        List<String> result = new ArrayList<>(env);
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not NAME=VALUE: " + assignment);
            }
            String prefix = assignment.substring(0, equals + 1);
            int at = -1;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).startsWith(prefix)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                result.set(at, assignment);
            } else {
                result.add(assignment);
            }
        }
        return result;
    }

    /** The value of {@code name} in {@code env}, or null. */
    public static String get(List<String> env, String name) {
        String prefix = name + "=";
        for (String entry : env) {
            if (entry.startsWith(prefix)) {
                return entry.substring(prefix.length());
            }
        }
        return null;
    }
}
