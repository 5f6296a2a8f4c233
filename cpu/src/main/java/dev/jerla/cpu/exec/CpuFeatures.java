package dev.jerla.cpu.exec;

/**
 * What CPUID tells the guest: the one place that lists the features Jerla implements. A bit is
 * set here only when every instruction it announces works; add bits as units grow.
 *
 * <p>The vendor is "GenuineIntel" so that software with vendor-specific paths (glibc's cache
 * geometry from leaves 2 and 4, OpenSSL) takes the best-trodden one. Family 6, model 0x2A is a
 * Core-era model without special cases in glibc's init_cpu_features. The cache geometry below is
 * a plausible desktop part; programs use it only to size buffers.
 */
public final class CpuFeatures {
    private CpuFeatures() {}

    // Leaf 1 EDX.
    public static final int FPU = 1, TSC = 1 << 4, CX8 = 1 << 8, CMOV = 1 << 15, CLFSH = 1 << 19,
            MMX = 1 << 23, FXSR = 1 << 24, SSE = 1 << 25, SSE2 = 1 << 26;
    // Leaf 1 ECX.
    public static final int SSE3 = 1, PCLMULQDQ = 1 << 1, SSSE3 = 1 << 9, CX16 = 1 << 13, SSE4_1 = 1 << 19,
            SSE4_2 = 1 << 20, MOVBE = 1 << 22, POPCNT = 1 << 23;
    // Leaf 7 subleaf 0 EBX.
    public static final int ADX = 1 << 19;
    // Leaf 0x80000001 ECX and EDX.
    public static final int LAHF_LM = 1, ABM = 1 << 5;
    public static final int SYSCALL = 1 << 11, NX = 1 << 20, RDTSCP = 1 << 27, LM = 1 << 29;

    public static final int LEAF1_EDX = FPU | TSC | CX8 | CMOV | CLFSH | MMX | FXSR | SSE | SSE2;
    public static final int LEAF1_ECX = SSE3 | PCLMULQDQ | SSSE3 | CX16 | SSE4_1 | SSE4_2 | MOVBE | POPCNT;
    public static final int LEAF7_EBX = ADX;
    public static final int EXT1_ECX = LAHF_LM | ABM;
    public static final int EXT1_EDX = SYSCALL | NX | RDTSCP | LM;

    private static final int MAX_LEAF = 7;
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

    /** EAX, EBX, ECX, EDX for CPUID leaf {@code leaf} subleaf {@code sub}; zeros for leaves not offered. */
    public static int[] cpuid(int leaf, int sub) {
        switch (leaf) {
            case 0:
                // "GenuineIntel" spelled over EBX, EDX, ECX.
                return new int[] {MAX_LEAF, 0x756E6547, 0x6C65746E, 0x49656E69};
            case 1:
                // EBX: CLFLUSH line 8 * 8 bytes, one logical processor, APIC id 0.
                return new int[] {SIGNATURE, (8 << 8) | (1 << 16), LEAF1_ECX, LEAF1_EDX};
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
                return sub == 0 ? new int[] {0, LEAF7_EBX, 0, 0} : new int[4];
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
