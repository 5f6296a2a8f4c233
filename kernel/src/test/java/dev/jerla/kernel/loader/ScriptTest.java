package dev.jerla.kernel.loader;

import dev.jerla.abi.linux.Errno;
import dev.jerla.kernel.ErrnoException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class ScriptTest {
    private static Script.Shebang parse(String s) throws ErrnoException {
        return Script.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void interpreterWithoutArgument() throws ErrnoException {
        Script.Shebang s = parse("#!/bin/sh\necho hi\n");
        assertEquals("/bin/sh", str(s.interpreter()));
        assertNull(s.argument());
    }

    @Test
    void theRestOfTheLineIsOneArgumentWithOuterBlanksTrimmed() throws ErrnoException {
        Script.Shebang s = parse("#!  /usr/bin/env   python3 -u  \t\nprint(1)\n");
        assertEquals("/usr/bin/env", str(s.interpreter()));
        assertEquals("python3 -u", str(s.argument()));
    }

    @Test
    void aFileWithoutNewlineStillWorks() throws ErrnoException {
        assertEquals("/bin/true", str(parse("#!/bin/true").interpreter()));
    }

    @Test
    void noInterpreterIsEnoexec() {
        assertEquals(Errno.ENOEXEC, assertThrows(ErrnoException.class, () -> parse("#!\n")).errno());
        assertEquals(Errno.ENOEXEC, assertThrows(ErrnoException.class, () -> parse("#!   \t \n")).errno());
    }

    @Test
    void anInterpreterCutByThe256ByteLimitIsEnoexec() {
        String longName = "#!/" + "x".repeat(300);
        assertEquals(Errno.ENOEXEC, assertThrows(ErrnoException.class, () -> parse(longName)).errno());
    }

    @Test
    void aLongArgumentIsTruncatedAtThe256ByteLimit() throws ErrnoException {
        Script.Shebang s = parse("#!/bin/sh " + "a".repeat(300));
        assertEquals("/bin/sh", str(s.interpreter()));
        assertEquals(255 - "#!/bin/sh ".length(), s.argument().length);
    }
}
