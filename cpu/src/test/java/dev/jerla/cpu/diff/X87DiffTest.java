package dev.jerla.cpu.diff;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The x87 unit against the host processor: every form of X87Forms.all() with random registers,
 * stack top, tags, control word (precision, rounding, masks) and status word. The system
 * property jerla.diff.cases sets the cases per form (default 40).
 */
class X87DiffTest {
    @Test
    void x87FormsMatchTheHost() throws Exception {
        int perForm = Integer.getInteger("jerla.diff.cases", 40);
        long seed = Long.getLong("jerla.diff.seed", 20250101L);
        String only = System.getProperty("jerla.diff.only");
        StringBuilder report = new StringBuilder();
        int failed = 0, shown = 0;
        try (DiffRunner runner = new DiffRunner()) {
            for (X87Forms.Form form : X87Forms.all()) {
                if (only != null && !form.name().matches(only)) continue;
                Values v = new Values(seed ^ form.name().hashCode());
                int bad = 0;
                for (int i = 0; i < perForm; i++) {
                    String d = runner.check(form.randomCase(v));
                    if (d != null && bad++ < 2 && shown++ < 40) report.append(d).append("\n\n");
                }
                if (bad > 0) {
                    failed++;
                    report.append("== ").append(form.name()).append(": ").append(bad).append(" of ").append(perForm).append(" differ\n\n");
                }
            }
            if (failed > 0) fail(failed + " forms differ from the host (" + runner.runs() + " cases run)\n" + report);
        }
    }
}
