package dev.jerla.cpu.fp;

import dev.jerla.cpu.Cpu;
import dev.jerla.cpu.Trap;
import dev.jerla.cpu.mem.AddressSpace;
import dev.jerla.cpu.mem.Mmu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** x87 behaviour outside single instructions: exceptions delivered by the next waiting instruction. */
class X87UnitTest {
    @Test
    void unmaskedExceptionIsDeliveredByTheNextWaitingInstruction() {
        Cpu cpu = new Cpu(new Mmu(new AddressSpace()));
        cpu.fp.fcw = 0x037B; // zero-divide unmasked
        assertEquals(0, X87Unit.exec(cpu, 0xD9, 0xE8, 0)); // fld1
        assertEquals(0, X87Unit.exec(cpu, 0xD9, 0xEE, 0)); // fldz
        assertEquals(0, X87Unit.exec(cpu, 0xDE, 0xF9, 0)); // fdivp: 1/0 raises ZE, ES and B, leaves the stack
        assertEquals(0x80 | 0x8000 | 0x04, cpu.fp.fsw & 0x80FF);
        assertEquals(Trap.FP_EXCEPTION, X87Unit.fwait(cpu));
        assertEquals(Trap.FP_EXCEPTION, X87Unit.exec(cpu, 0xD9, 0xE8, 0)); // fld1 waits: #MF
        assertEquals(0, X87Unit.exec(cpu, 0xDB, 0xE2, 0)); // fnclex does not wait
        assertEquals(0, X87Unit.fwait(cpu));
        assertEquals(0, cpu.fp.fsw & 0x80FF);
    }

    @Test
    void mmxInstructionsTagEveryRegisterValidAndEmmsEmptiesThem() {
        Cpu cpu = new Cpu(new Mmu(new AddressSpace()));
        assertEquals(0, SseUnit.exec(cpu, 1, 0xEF, 0, false, 1, 1, 0, 0)); // pxor mm1, mm1
        assertEquals(0xFF, cpu.fp.ftw);
        assertEquals(0xFFFF, cpu.fp.stSe[1]);
        assertEquals(0, SseUnit.exec(cpu, 1, 0x77, 0, false, 0, 0, 0, 0)); // emms
        assertEquals(0, cpu.fp.ftw);
    }
}
