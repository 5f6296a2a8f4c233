package dev.jerla.cpu.exec;

import java.util.List;

/**
 * What CPUID tells the guest: the one place that lists the features Jerla implements. A bit is
 * set here only when every instruction it announces works; add bits as units grow.
 *
 * <p>A feature set is selected by x86-64 micro-architecture level ({@link #forLevel}): the CPU
 * announces that level's features through CPUID and XGETBV and raises #UD for the instructions
 * of the features it leaves out (VEX encodings, BMI, XSAVE), so a program sees a machine of that
 * level and nothing more.
 *
 * <p>The vendor is "GenuineIntel" so that software with vendor-specific paths (glibc's cache
 * geometry from leaves 2 and 4, OpenSSL) takes the best-trodden one. Family 6, model 0x2A is a
 * Core-era model without special cases in glibc's init_cpu_features. The cache geometry below is
 * a plausible desktop part; programs use it only to size buffers.
 */
public final class CpuFeatures {
    // Leaf 1 EDX.
    public static final int FPU = 1, TSC = 1 << 4, CX8 = 1 << 8, CMOV = 1 << 15, CLFSH = 1 << 19,
            MMX = 1 << 23, FXSR = 1 << 24, SSE = 1 << 25, SSE2 = 1 << 26;
    // Leaf 1 ECX.
    public static final int SSE3 = 1, PCLMULQDQ = 1 << 1, SSSE3 = 1 << 9, FMA = 1 << 12, CX16 = 1 << 13,
            SSE4_1 = 1 << 19, SSE4_2 = 1 << 20, MOVBE = 1 << 22, POPCNT = 1 << 23, AES = 1 << 25,
            XSAVE = 1 << 26, OSXSAVE = 1 << 27, AVX = 1 << 28, F16C = 1 << 29, RDRAND = 1 << 30;
    // Leaf 7 subleaf 0 EBX.
    public static final int BMI1 = 1 << 3, AVX2 = 1 << 5, BMI2 = 1 << 8, RDSEED = 1 << 18, ADX = 1 << 19,
            SHA = 1 << 29;
    // Leaf 0xD subleaf 1 EAX.
    public static final int XSAVEOPT = 1, XSAVEC = 1 << 1, XGETBV_ECX1 = 1 << 2;
    // Leaf 0x80000001 ECX and EDX.
    public static final int LAHF_LM = 1, ABM = 1 << 5;
    public static final int SYSCALL = 1 << 11, NX = 1 << 20, RDTSCP = 1 << 27, LM = 1 << 29;

    /** XCR0 components: x87, SSE, AVX (SDM vol. 1, 13.1). */
    public static final long XFEATURE_X87 = 1, XFEATURE_SSE = 2, XFEATURE_AVX = 4;

    public static final int LEAF1_EDX = FPU | TSC | CX8 | CMOV | CLFSH | MMX | FXSR | SSE | SSE2;
    /** Leaf 1 ECX of the highest level. */
    public static final int LEAF1_ECX = SSE3 | PCLMULQDQ | SSSE3 | CX16 | SSE4_1 | SSE4_2 | MOVBE | POPCNT | AES
            | RDRAND | FMA | XSAVE | OSXSAVE | AVX | F16C;
    public static final int EXT1_ECX = LAHF_LM | ABM;
    public static final int EXT1_EDX = SYSCALL | NX | RDTSCP | LM;

    /** The level names {@link #forLevel} accepts. */
    public static final List<String> LEVELS = List.of("x86-64-v2", "x86-64-v3");

    /** The features of a level that needs no VEX: SSE4.2, POPCNT, CX16, and the scalar extras. */
    private static final CpuFeatures V2 = new CpuFeatures(
            LEAF1_ECX & ~(FMA | XSAVE | OSXSAVE | AVX | F16C), ADX | RDSEED | SHA, 0);
    /** x86-64-v3 (AVX, AVX2, BMI1, BMI2, FMA, F16C, LZCNT, MOVBE, XSAVE) and everything of v2. */
    private static final CpuFeatures V3 = new CpuFeatures(LEAF1_ECX, ADX | RDSEED | SHA | BMI1 | AVX2 | BMI2,
            XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX);

    /** The highest level Jerla implements. */
    public static final CpuFeatures HIGHEST = V3;

    private final int leaf1Ecx;
    private final int leaf7Ebx;
    private final long xcr0;
    /** AVX, AVX2, FMA and F16C (every VEX-encoded vector instruction). */
    public final boolean avx;
    /** BMI1 and BMI2 (ANDN .. SHRX). */
    public final boolean bmi;
    /** XSAVE, XRSTOR, XSAVEOPT, XSAVEC and XGETBV. */
    public final boolean xsave;

    private CpuFeatures(int leaf1Ecx, int leaf7Ebx, long xcr0) {
        this.leaf1Ecx = leaf1Ecx;
        this.leaf7Ebx = leaf7Ebx;
        this.xcr0 = xcr0;
        this.avx = (leaf1Ecx & AVX) != 0;
        this.bmi = (leaf7Ebx & BMI1) != 0;
        this.xsave = (leaf1Ecx & XSAVE) != 0;
    }

    /**
     * The feature set of an x86-64 micro-architecture level ("x86-64-v2", "x86-64-v3"), or of
     * the highest level implemented for null.
     * @throws IllegalArgumentException for any other name, with the accepted names in the message
     */
    public static CpuFeatures forLevel(String level) {
        if (level == null) return HIGHEST;
        return switch (level) {
            case "x86-64-v2" -> V2;
            case "x86-64-v3" -> V3;
            default -> throw new IllegalArgumentException("unknown CPU level '" + level + "' (known: "
                    + String.join(", ", LEVELS) + ")");
        };
    }

    /** The name of this level. */
    public String level() {
        return this == V2 ? "x86-64-v2" : "x86-64-v3";
    }

    /** XCR0 as XGETBV reads it: the state components the OS enabled (none without XSAVE). */
    public long xcr0() { return xcr0; }

    /** Size of the standard-format XSAVE area for the components of XCR0. */
    public int xsaveSize() {
        return (xcr0 & XFEATURE_AVX) != 0 ? 832 : 576;
    }

    private static final int MAX_LEAF = 0xD;
    private static final int MAX_EXT_LEAF = 0x80000008;
    /** Family 6, model 0x2A (extended model 2, model 0xA), stepping 7. */
    private static final int SIGNATURE = 0x000206A7;
    private static final String BRAND = "Jerla x86-64 interpreter";

    /** Leaf 4 caches: type, level, ways, line size, sets. */
    private static final int[][] CACHES = {
            {1, 1, 8, 64, 64},      // L1d 32 KiB
            {2, 1, 8, 64, 64},      // L1i 32 KiB
            {3, 2, 8, 64, 512},     // L2 256 KiB
            {3, 3, 16, 64, 8192},   // L3 8 MiB
    };

    /** EAX, EBX, ECX, EDX for CPUID leaf {@code leaf} subleaf {@code sub} of the highest level. */
    public static int[] cpuid(int leaf, int sub) {
        return HIGHEST.query(leaf, sub);
    }

    /** EAX, EBX, ECX, EDX for CPUID leaf {@code leaf} subleaf {@code sub}; zeros for leaves not offered. */
    public int[] query(int leaf, int sub) {
        switch (leaf) {
            case 0:
                // "GenuineIntel" spelled over EBX, EDX, ECX.
                return new int[] {MAX_LEAF, 0x756E6547, 0x6C65746E, 0x49656E69};
            case 1:
                // EBX: CLFLUSH line 8 * 8 bytes, one logical processor, APIC id 0.
                return new int[] {SIGNATURE, (8 << 8) | (1 << 16), leaf1Ecx, LEAF1_EDX};
            case 2:
                // One round; descriptor 0xFF says "see leaf 4", 0xFE "see leaf 0x18" (not offered).
                return new int[] {0x00FEFF01, 0, 0, 0};
            case 4: {
                if (sub < 0 || sub >= CACHES.length) return new int[4];
                int[] k = CACHES[sub];
                int eax = k[0] | k[1] << 5 | 1 << 8;
                int ebx = (k[2] - 1) << 22 | (k[3] - 1);
                return new int[] {eax, ebx, k[4] - 1, 0};
            }
            case 7:
                return sub == 0 ? new int[] {0, leaf7Ebx, 0, 0} : new int[4];
            case 0xB:
                // Topology: one thread per core (SMT level), one core (core level), then the end.
                return switch (sub) {
                    case 0 -> new int[] {0, 1, 0x100, 0};
                    case 1 -> new int[] {0, 1, 0x201, 0};
                    default -> new int[] {0, 0, sub & 0xFF, 0};
                };
            case 0xD:
                if (!xsave) return new int[4];
                return switch (sub) {
                    // Components of XCR0, size for XCR0, size for all components.
                    case 0 -> new int[] {(int) xcr0, xsaveSize(), xsaveSize(), 0};
                    case 1 -> new int[] {XSAVEOPT | XSAVEC | XGETBV_ECX1, xsaveSize(), 0, 0};
                    // The AVX component: 256 bytes at offset 576.
                    case 2 -> new int[] {256, 576, 0, 0};
                    default -> new int[4];
                };
            case 0x80000000:
                return new int[] {MAX_EXT_LEAF, 0, 0, 0};
            case 0x80000001:
                return new int[] {0, 0, EXT1_ECX, EXT1_EDX};
            case 0x80000002, 0x80000003, 0x80000004:
                return brand(leaf - 0x80000002);
            case 0x80000006:
                // L2: 256 KiB, 8-way (encoding 6), 64-byte lines.
                return new int[] {0, 0, 256 << 16 | 6 << 12 | 64, 0};
            case 0x80000008:
                // 48 physical and 48 linear address bits.
                return new int[] {48 << 8 | 48, 0, 0, 0};
            default:
                return new int[4];
        }
    }

    private static int[] brand(int part) {
        byte[] b = new byte[48];
        byte[] s = BRAND.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 0, s.length);
        int[] r = new int[4];
        for (int k = 0; k < 4; k++) {
            int o = part * 16 + k * 4;
            r[k] = (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
        }
        return r;
    }
}
