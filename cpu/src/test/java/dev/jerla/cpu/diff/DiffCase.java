package dev.jerla.cpu.diff;

import java.util.HexFormat;

/**
 * One differential test case: instruction bytes (any instructions; they run at
 * {@link DiffRunner#CODE_VA} and are followed by INT3), the offset of the 64-byte memory buffer
 * in the data page, the initial state, a human-readable description (the disassembly), and the
 * buffer bytes whose final value is not compared (bit i for byte i: a field that legitimately
 * differs, such as MXCSR_MASK in an FXSAVE image).
 */
public record DiffCase(String text, byte[] code, int memOff, MachineState in, long memIgnored) {
    public DiffCase {
        if (code.length > 48 || memOff < 0 || memOff > 4096 - 64) throw new IllegalArgumentException(text);
    }

    public DiffCase(String text, byte[] code, int memOff, MachineState in) {
        this(text, code, memOff, in, 0);
    }

    /** The address of the memory buffer. */
    public long memAddress() { return DiffRunner.DATA_VA + memOff; }

    @Override
    public String toString() {
        return text + "  [" + HexFormat.ofDelimiter(" ").formatHex(code) + "]";
    }
}
