package dev.jerla.cpu.diff;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The host processor as the oracle: the native helper cpudiff.c, built with gcc on first use,
 * runs as one long-lived process that executes a case per line of input.
 */
public final class HostCpu implements AutoCloseable {
    private static Path binary;

    private final Process process;
    private final BufferedWriter toHelper;
    private final BufferedReader fromHelper;

    public HostCpu() throws IOException, InterruptedException {
        process = new ProcessBuilder(helper().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toHelper = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII));
        fromHelper = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Builds the helper once per JVM from cpu/src/test/native (the working directory is the
     * repository or the module). Tests that need it are skipped, not failed, on a host that is not
     * x86-64 Linux.
     */
    static synchronized Path helper() throws IOException, InterruptedException {
        if (binary != null) return binary;
        Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the differential tests need an x86-64 Linux host");
        Path src = null;
        for (String p : new String[] {"cpu/src/test/native/cpudiff.c", "src/test/native/cpudiff.c"}) {
            if (Files.exists(Path.of(p))) src = Path.of(p).toAbsolutePath();
        }
        if (src == null) throw new IOException("cpudiff.c not found from " + Path.of("").toAbsolutePath());
        Path dir = Files.createTempDirectory("jerla-cpudiff");
        Path out = dir.resolve("cpudiff");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) throw new IOException("gcc failed:\n" + log);
        out.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        binary = out;
        return out;
    }

    public DiffResult run(DiffCase c) throws IOException {
        HexFormat hex = HexFormat.of();
        MachineState in = c.in();
        StringBuilder sb = new StringBuilder();
        sb.append(hex.formatHex(c.code())).append(' ').append(Integer.toHexString(c.memOff()))
                .append(' ').append(Long.toHexString(in.rflags));
        for (long g : in.gpr) sb.append(' ').append(Long.toHexString(g));
        sb.append(' ').append(hex.formatHex(in.fx)).append(' ').append(hex.formatHex(in.mem))
                .append(' ').append(hex.formatHex(in.ymmHi)).append('\n');
        toHelper.write(sb.toString());
        toHelper.flush();
        String line = fromHelper.readLine();
        if (line == null || line.equals("error")) throw new IOException("cpudiff rejected " + c + ": " + line);
        String[] f = line.split(" ");
        MachineState out = new MachineState();
        out.rflags = Long.parseUnsignedLong(f[4], 16);
        for (int i = 0; i < 16; i++) out.gpr[i] = Long.parseUnsignedLong(f[5 + i], 16);
        System.arraycopy(hex.parseHex(f[21]), 0, out.fx, 0, 512);
        System.arraycopy(hex.parseHex(f[22]), 0, out.mem, 0, 64);
        System.arraycopy(hex.parseHex(f[23]), 0, out.ymmHi, 0, 256);
        return new DiffResult(Integer.parseInt(f[0], 16), Integer.parseInt(f[1], 16), Long.parseUnsignedLong(f[2], 16),
                Long.parseUnsignedLong(f[3], 16), out);
    }

    @Override
    public void close() throws IOException {
        toHelper.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
