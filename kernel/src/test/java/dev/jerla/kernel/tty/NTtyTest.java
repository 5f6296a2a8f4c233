package dev.jerla.kernel.tty;

import dev.jerla.abi.linux.Errno;
import dev.jerla.abi.linux.Termios;
import dev.jerla.kernel.ErrnoException;
import dev.jerla.kernel.task.Task;
import dev.jerla.kernel.vfs.TestKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static dev.jerla.kernel.vfs.TestKernel.assertErrno;
import static org.junit.jupiter.api.Assertions.*;

/** The N_TTY line discipline: canonical editing and echo, signals, non-canonical reads, output processing. */
class NTtyTest {
    private ByteArrayOutputStream screen;
    private Tty tty;
    private Task task;

    @BeforeEach
    void setUp() throws ErrnoException {
        screen = new ByteArrayOutputStream();
        tty = new Tty(null, "console", 5, 1, screen, 80, 24);
        task = new TestKernel().task;
    }

    private void type(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        tty.ldisc().receive(b, 0, b.length);
    }

    private String read() throws ErrnoException {
        byte[] b = new byte[256];
        int n = tty.read(task, b, 0, b.length, true, false);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private String screen() {
        String s = screen.toString(StandardCharsets.ISO_8859_1);
        screen.reset();
        return s;
    }

    @Test
    void canonicalModeDeliversWholeEditedLines() throws ErrnoException {
        type("abc");
        assertErrno(Errno.EAGAIN, this::read);
        type("\177\177d\r");
        assertEquals("ad\n", read());
        assertEquals("abc\b \b\b \bd\r\n", screen(), "ERASE echoes backspace-space-backspace; ICRNL and ONLCR");
    }

    @Test
    void killAndWordEraseEditTheLine() throws ErrnoException {
        type("one two three\027\027four\n");
        assertEquals("one four\n", read());
        screen();
        type("junk\025ok\n");
        assertEquals("ok\n", read());
        assertEquals("junk\b \b\b \b\b \b\b \bok\r\n", screen(), "ECHOKE erases the line on the screen");
    }

    @Test
    void eofEndsALineWithoutItselfAndAnEmptyOneReadsAsEndOfFile() throws ErrnoException {
        type("partial\004");
        assertEquals("partial", read());
        type("\004");
        assertEquals("", read());
    }

    @Test
    void aReadShorterThanTheLineLeavesTheRest() throws ErrnoException {
        type("abcdef\n");
        byte[] b = new byte[3];
        assertEquals(3, tty.read(task, b, 0, 3, true, false));
        assertEquals("def\n", read());
    }

    @Test
    void controlCharactersEchoAsCaretAndSignalCharactersFlush() throws ErrnoException {
        type("x\001\n");
        assertEquals("x\001\n", read());
        assertEquals("x^A\r\n", screen());
        type("lost\003");
        assertEquals("lost^C", screen());
        type("kept\n");
        assertEquals("kept\n", read(), "^C flushed the pending input");
    }

    @Test
    void echoOffShowsNothingButEchonlShowsNewlines() throws ErrnoException {
        Ktermios t = tty.termios().copy();
        t.lflag &= ~Termios.ECHO;
        t.lflag |= Termios.ECHONL;
        tty.setTermios(t, false);
        type("secret\n");
        assertEquals("secret\n", read());
        assertEquals("\r\n", screen());
    }

    @Test
    void nonCanonicalModeWithVminZeroReturnsWhatIsThere() throws ErrnoException {
        Ktermios t = tty.termios().copy();
        t.lflag &= ~(Termios.ICANON | Termios.ECHO);
        t.cc[Termios.VMIN] = 0;
        t.cc[Termios.VTIME] = 0;
        tty.setTermios(t, false);
        byte[] b = new byte[16];
        assertEquals(0, tty.read(task, b, 0, 16, false, false));
        type("ab\177");
        assertEquals(3, tty.read(task, b, 0, 16, false, false), "no editing: DEL is data");
        assertEquals(0x7f, b[2] & 0xFF);
        assertEquals("", screen());
    }

    @Test
    void switchingToRawModeReleasesTheUnfinishedLine() throws ErrnoException {
        type("half");
        Ktermios t = tty.termios().copy();
        t.lflag &= ~Termios.ICANON;
        t.cc[Termios.VMIN] = 1;
        tty.setTermios(t, false);
        assertEquals("half", read());
    }

    @Test
    void vtimeTimesOutWithNothing() throws ErrnoException {
        Ktermios t = tty.termios().copy();
        t.lflag &= ~Termios.ICANON;
        t.cc[Termios.VMIN] = 0;
        t.cc[Termios.VTIME] = 1;
        tty.setTermios(t, false);
        long start = System.nanoTime();
        assertEquals(0, tty.read(task, new byte[4], 0, 4, false, false));
        assertTrue(System.nanoTime() - start >= 90_000_000L);
    }

    @Test
    void outputProcessingTurnsNewlinesIntoCrLfAndExpandsNothingElse() throws ErrnoException {
        byte[] out = "a\nb\tc".getBytes();
        tty.write(task, out, 0, out.length, false, false);
        assertEquals("a\r\nb\tc", screen());
        Ktermios t = tty.termios().copy();
        t.oflag &= ~Termios.OPOST;
        tty.setTermios(t, false);
        tty.write(task, out, 0, out.length, false, false);
        assertEquals("a\nb\tc", screen());
    }
}
