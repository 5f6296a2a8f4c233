package dev.jerla.kernel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The load average follows kernel/sched/loadavg.c's fixed-point decay and /proc/loadavg's rounding. */
class LoadAverageTest {
    @Test
    void idleSystemStaysAtZero() {
        LoadAverage l = new LoadAverage();
        for (int i = 0; i < 100; i++) l.sample(0);
        assertEquals("0.00", LoadAverage.format(l.averages()[0]));
    }

    @Test
    void oneBusyTaskForAMinuteGivesLinuxsFigures() {
        // Twelve samples of one runnable task: Linux's 1-minute average reaches 0.63 (1 - 1/e), 5-minute 0.18, 15-minute 0.06.
        LoadAverage l = new LoadAverage();
        for (int i = 0; i < 12; i++) l.sample(1);
        long[] a = l.averages();
        assertEquals("0.63", LoadAverage.format(a[0]));
        assertEquals("0.18", LoadAverage.format(a[1]));
        assertEquals("0.06", LoadAverage.format(a[2]));
    }

    @Test
    void decaysBackTowardZero() {
        LoadAverage l = new LoadAverage();
        for (int i = 0; i < 120; i++) l.sample(2);
        assertEquals("2.00", LoadAverage.format(l.averages()[0]));
        for (int i = 0; i < 12; i++) l.sample(0);
        assertEquals("0.73", LoadAverage.format(l.averages()[0]));
    }

    @Test
    void calcLoadMatchesTheKernelsArithmetic() {
        // calc_load(0, EXP_1, FIXED_1) = (2048 * 164 + 2047) / 2048 = 164.
        assertEquals(164, LoadAverage.calcLoad(0, LoadAverage.EXP_1, LoadAverage.FIXED_1));
        assertEquals(0, LoadAverage.calcLoad(0, LoadAverage.EXP_1, 0));
    }
}
