package dev.jerla.cpu.exec;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.decode.Decoder;
import dev.jerla.cpu.decode.Insn;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random bytes as code: the decoder must decode any byte sequence to an instruction of 1 to 15
 * bytes, and running garbage must end in a trap, never in a Java exception and never in an
 * internal error (which would be logged and reported as #UD).
 */
class RandomCodeTest {
    @Test
    void anyBytesDecodeToALegalLength() {
        Random r = new Random(1);
        byte[] code = new byte[32];
        Decoder d = new Decoder(va -> code[(int) va] & 0xFF);
        for (int n = 0; n < 300_000; n++) {
            r.nextBytes(code);
            // Bias towards prefixes and escapes, where decoders go wrong.
            for (int k = 0; k < 4; k++) {
                if (r.nextInt(3) == 0) code[k] = (byte) new int[] {0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x48, 0x41, 0x0F, 0x64}[r.nextInt(9)];
            }
            Insn in = d.decode(0);
            assertTrue(in.len >= 1 && in.len <= Decoder.MAX_LENGTH, "length " + in.len);
        }
    }

    @Test
    void randomCodeEndsInATrap() {
        Random r = new Random(2);
        long code = 0x400000L, data = 0x600000L;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            int internalBefore = Core.internalErrorCount();
            for (int n = 0; n < 3000; n++) {
                AddressSpace as = new AddressSpace();
                as.mapAnonymous(code, 0x1000, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
                byte[] bytes = new byte[4096];
                r.nextBytes(bytes);
                as.copyOut(code, bytes, 0, bytes.length);
                as.protect(code, 0x1000, AddressSpace.PROT_READ | AddressSpace.PROT_EXEC);
                as.mapAnonymous(data, 0x10000, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
                Cpu cpu = new Cpu(new Mmu(as));
                for (int k = 0; k < 16; k++) cpu.setReg(k, r.nextInt(4) == 0 ? data + r.nextInt(0x8000) : r.nextLong() >> r.nextInt(64));
                cpu.setReg(Cpu.RSP, data + 0x8000);
                cpu.setRip(code + r.nextInt(4000));
                var stop = timer.schedule(cpu::requestInterrupt, 200, TimeUnit.MILLISECONDS);
                int steps = 0, t;
                do {
                    t = cpu.run();
                    steps++;
                } while ((t == Trap.SYSCALL || t == Trap.BREAKPOINT) && steps < 50);
                stop.cancel(false);
                assertTrue(t >= Trap.SYSCALL && t <= Trap.HALT, "trap " + t);
            }
            assertEquals(internalBefore, Core.internalErrorCount(), "internal errors (see the log)");
        } finally {
            timer.shutdownNow();
        }
    }
}
