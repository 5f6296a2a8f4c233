package dev.jerla.kernel.tty;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one reader of the host's input stream (the console's keyboard or {@code jerla exec}'s
 * stdin): a daemon thread started when the first consumer attaches, feeding bytes to it as
 * fast as it takes them. Guest reads never block on the host stream itself, so signals can
 * interrupt them.
 */
public final class HostInput {
    /** Where the bytes go. */
    public interface Sink {
        /** Blocks the host thread until the sink can take more input (throttling); returns how many bytes. */
        int awaitRoom() throws InterruptedException;

        void receive(byte[] b, int off, int len);

        /** The host stream ended. */
        void hangup();
    }

    private final InputStream in;
    // mu (this) guards sink.
    private Sink sink;

    public HostInput(InputStream in) {
        this.in = in;
    }

    /** Attaches the consumer and starts reading; true if {@code s} is (now) the consumer. */
    public synchronized boolean attach(Sink s) {
        if (sink != null) return sink == s;
        sink = s;
        Thread th = new Thread(() -> pump(s), "jerla-host-input");
        th.setDaemon(true);
        th.start();
        return true;
    }

    private void pump(Sink s) {
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) break;
                for (int i = 0; i < n; ) {
                    int k = Math.min(n - i, s.awaitRoom());
                    s.receive(buf, i, k);
                    i += k;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The host stream failed or Jerla is shutting down: treat it as the end of input.
        }
        s.hangup();
    }
}
