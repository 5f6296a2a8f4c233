package dev.jerla.kernel;

/**
 * A booted Jerla system: the filesystems, the process table, and the first process.
 * {@link #run()} blocks until the first process exits and returns its wait status as an exit code.
 */
public final class Kernel {
    private final KernelConfig config;

    public Kernel(KernelConfig config) {
        this.config = config;
    }

    public KernelConfig config() { return config; }

    /** Boots, runs the first process to its end, shuts down; returns its exit status (128+N if killed by signal N). */
    public int run() {
        throw new IllegalStateException("boot not built yet");
    }
}
