package dev.jerla.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.junit.jupiter.api.Test;

class HostTerminalTest {
    @Test
    void rawModeIsCfmakeraw() {
        Attributes cooked = new Attributes();
        cooked.setLocalFlags(EnumSet.of(LocalFlag.ECHO, LocalFlag.ICANON, LocalFlag.ISIG, LocalFlag.IEXTEN));
        cooked.setInputFlags(EnumSet.of(InputFlag.ICRNL, InputFlag.IXON, InputFlag.IUTF8));
        cooked.setOutputFlags(EnumSet.of(OutputFlag.OPOST, OutputFlag.ONLCR));
        Attributes raw = HostTerminal.raw(cooked);
        assertFalse(raw.getLocalFlag(LocalFlag.ISIG), "^C must reach the guest as a byte");
        assertFalse(raw.getLocalFlag(LocalFlag.ICANON));
        assertFalse(raw.getLocalFlag(LocalFlag.ECHO), "the guest's line discipline echoes");
        assertFalse(raw.getInputFlag(InputFlag.ICRNL));
        assertFalse(raw.getInputFlag(InputFlag.IXON));
        assertTrue(raw.getInputFlag(InputFlag.IUTF8), "flags cfmakeraw leaves alone stay");
        assertFalse(raw.getOutputFlag(OutputFlag.OPOST), "the guest does its own output processing");
        assertEquals(1, raw.getControlChar(ControlChar.VMIN));
        assertEquals(0, raw.getControlChar(ControlChar.VTIME));
        assertTrue(cooked.getLocalFlag(LocalFlag.ECHO), "the saved settings are not modified");
    }

    @Test
    void noTerminalMeansNoRawMode() throws IOException {
        // Under a build tool standard input is a pipe or /dev/null, never a terminal.
        if (!HostTerminal.isTerminal(0)) {
            assertTrue(HostTerminal.attach().isEmpty());
        }
        assertFalse(HostTerminal.isTerminal(-1));
    }
}
