/*
 * Host side of Jerla's differential instruction tester: runs x86-64 instruction bytes natively
 * and prints the machine state that results, so that the emulator can be compared bit for bit.
 *
 * One test case per input line, fields separated by spaces, numbers in hex:
 *   code memoff rflags gpr0..gpr15 fxsave mem ymmhi
 * code     instruction bytes, placed at CODE_VA and followed by INT3 bytes
 * memoff   offset in the data page (DATA_VA) of the 64-byte buffer mem
 * rflags   initial RFLAGS (status flags and DF are honoured)
 * gpr*     RAX RCX RDX RBX RSP RBP RSI RDI R8..R15
 * fxsave   512-byte FXSAVE image (x87, MXCSR, XMM0-15) loaded with FXRSTOR64
 * mem      the 64-byte buffer; the rest of the data page is zero
 * ymmhi    bits 255:128 of YMM0-15 (256 bytes), loaded with XRSTOR (the AVX component)
 * One result line per case:
 *   signo sicode addr rip rflags gpr0..gpr15 fxsave mem ymmhi
 * taken from the signal frame of the first signal after the code runs: SIGTRAP from the INT3 that
 * follows it, or the fault it raised (SIGSEGV, SIGBUS, SIGILL, SIGFPE).
 *
 * Address map, identical under Jerla: code page CODE_VA (RWX), data page DATA_VA (RW) with
 * unmapped pages on both sides, stack page STACK_VA (RW).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define CODE_VA 0x40000000UL
#define DATA_VA 0x40010000UL
#define STACK_VA 0x40020000UL
#define PAGE 4096

/* Guest state handed to the loader below; the offsets are fixed by its assembly. */
struct guest {
    uint64_t gpr[16]; /* offset 0 */
    uint64_t rflags;  /* offset 128, popped right after the registers */
    uint64_t rsp;     /* offset 136 */
    uint64_t rip;     /* offset 144 */
    uint8_t fx[512] __attribute__((aligned(64))); /* offset 192 */
    uint8_t xs[832] __attribute__((aligned(64)));  /* offset 704: XSAVE area with only the AVX component */
} guest __attribute__((aligned(64)));
_Static_assert(offsetof(struct guest, rflags) == 128 && offsetof(struct guest, rsp) == 136 &&
               offsetof(struct guest, rip) == 144 && offsetof(struct guest, fx) == 192 && offsetof(struct guest, xs) == 704, "loader offsets");

/* Loads every register from the case and jumps to the code; never returns: the signal that ends
 * the case long-jumps back to main. */
void run_case(void);
__asm__(
    ".text\n"
    ".globl run_case\n"
    "run_case:\n"
    "  mov $4, %eax\n xor %edx, %edx\n xrstor64 guest+704(%rip)\n"
    "  fxrstor64 guest+192(%rip)\n"
    "  lea guest(%rip), %rsp\n"
    "  pop %rax\n pop %rcx\n pop %rdx\n pop %rbx\n lea 8(%rsp), %rsp\n pop %rbp\n pop %rsi\n pop %rdi\n"
    "  pop %r8\n pop %r9\n pop %r10\n pop %r11\n pop %r12\n pop %r13\n pop %r14\n pop %r15\n"
    "  popfq\n"
    "  mov guest+136(%rip), %rsp\n"
    "  jmp *guest+144(%rip)\n");

static sigjmp_buf back;
static int out_signo, out_sicode;
static uint64_t out_addr, out_rip, out_rflags, out_gpr[16];
static uint8_t out_fx[512];
static uint8_t out_ymmhi[256];

static void on_signal(int signo, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                  REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
    out_signo = signo;
    out_sicode = si->si_code;
    out_addr = (uint64_t)si->si_addr;
    out_rip = g[REG_RIP];
    out_rflags = g[REG_EFL];
    for (int i = 0; i < 16; i++) out_gpr[i] = g[order[i]];
    memcpy(out_fx, uc->uc_mcontext.fpregs, 512);
    /* The AVX component of the XSAVE image that follows the legacy area (FP_XSTATE_MAGIC1 in sw_reserved). */
    const uint8_t *xs = (const uint8_t *)uc->uc_mcontext.fpregs;
    uint32_t magic;
    uint64_t xstate_bv;
    memcpy(&magic, xs + 464, 4);
    memcpy(&xstate_bv, xs + 512, 8);
    if (magic == 0x46505853 && (xstate_bv & 4)) memcpy(out_ymmhi, xs + 576, 256);
    else memset(out_ymmhi, 0, 256);
    siglongjmp(back, 1);
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses a hex byte string of exactly n bytes (n < 0: any length, returned). */
static int parse_bytes(char **p, uint8_t *out, int n) {
    char *s = strsep(p, " \n");
    if (!s) return -1;
    int len = (int)strlen(s) / 2;
    if (n >= 0 && len != n) return -1;
    for (int i = 0; i < len; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return len;
}

static int parse_u64(char **p, uint64_t *out) {
    char *s = strsep(p, " \n");
    if (!s || !*s) return -1;
    *out = strtoull(s, NULL, 16);
    return 0;
}

static void print_bytes(const uint8_t *b, int n) {
    static const char hex[] = "0123456789abcdef";
    putchar(' ');
    for (int i = 0; i < n; i++) {
        putchar(hex[b[i] >> 4]);
        putchar(hex[b[i] & 15]);
    }
}

static void *map_fixed(uint64_t va, int prot) {
    void *p = mmap((void *)va, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)va) {
        perror("mmap");
        exit(2);
    }
    return p;
}

int main(void) {
    uint8_t *code = map_fixed(CODE_VA, PROT_READ | PROT_WRITE | PROT_EXEC);
    uint8_t *data = map_fixed(DATA_VA, PROT_READ | PROT_WRITE);
    map_fixed(STACK_VA, PROT_READ | PROT_WRITE);

    static uint8_t altstack[65536] __attribute__((aligned(16)));
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    int sigs[] = {SIGTRAP, SIGSEGV, SIGBUS, SIGILL, SIGFPE};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);

    static char line[1 << 16];
    while (fgets(line, sizeof line, stdin)) {
        char *p = line;
        uint8_t bytes[64];
        uint64_t memoff;
        int n = parse_bytes(&p, bytes, -1);
        if (n < 0 || n > 48 || parse_u64(&p, &memoff) || memoff > PAGE - 64 || parse_u64(&p, &guest.rflags)) goto bad;
        for (int i = 0; i < 16; i++)
            if (parse_u64(&p, &guest.gpr[i])) goto bad;
        uint8_t mem[64];
        if (parse_bytes(&p, guest.fx, 512) < 0 || parse_bytes(&p, mem, 64) < 0) goto bad;
        memset(guest.xs, 0, sizeof guest.xs);
        guest.xs[512] = 4; /* XSTATE_BV: the AVX component is in the image */
        if (parse_bytes(&p, guest.xs + 576, 256) < 0) goto bad;

        memset(code, 0xCC, PAGE);
        memcpy(code, bytes, n);
        __builtin___clear_cache((char *)code, (char *)code + n);
        memset(data, 0, PAGE);
        memcpy(data + memoff, mem, 64);
        guest.rsp = guest.gpr[4];
        guest.rip = CODE_VA;
        /* Only the status flags and DF: TF would trap and the others are not the guest's. */
        guest.rflags = (guest.rflags & 0x4D5) | 2;

        if (sigsetjmp(back, 1) == 0) run_case();

        printf("%x %x %lx %lx %lx", out_signo, out_sicode, out_addr, out_rip, out_rflags);
        for (int i = 0; i < 16; i++) printf(" %lx", out_gpr[i]);
        print_bytes(out_fx, 512);
        print_bytes(data + memoff, 64);
        print_bytes(out_ymmhi, 256);
        putchar('\n');
        fflush(stdout);
        continue;
    bad:
        printf("error\n");
        fflush(stdout);
    }
    return 0;
}
