// The AVX state across a signal: the frame carries an XSAVE image with the software bytes, the
// upper halves of the YMM registers survive a handler that clobbers them, and a handler that
// edits the saved image changes the registers the interrupted code resumes with.
// CFLAGS: -mavx2
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define XSTATE_MAGIC1 0x46505853u
#define XSAVE_YMM_OFFSET 576 /* the AVX component in the standard XSAVE format */

static unsigned magic, edit;

static void handler(int sig, siginfo_t *si, void *ctx) {
    (void) sig;
    (void) si;
    ucontext_t *uc = ctx;
    unsigned char *fp = (unsigned char *) uc->uc_mcontext.fpregs;
    memcpy(&magic, fp + 464, 4);
    if (edit) memset(fp + XSAVE_YMM_OFFSET, 0x5a, 16); /* the upper half of ymm0 */
    __asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\tvpcmpeqd %%ymm8, %%ymm8, %%ymm8" ::: "xmm0", "xmm8");
}

/* Loads ymm0 and ymm8, sends SIGUSR1 to itself with a raw syscall, stores both registers. */
static void roundtrip(const unsigned char *in, unsigned char *out) {
    long pid = getpid();
    __asm__ volatile(
        "vmovdqu (%[in]), %%ymm0\n\t"
        "vmovdqu 32(%[in]), %%ymm8\n\t"
        "mov $62, %%eax\n\t"
        "mov %[pid], %%rdi\n\t"
        "mov $10, %%esi\n\t"
        "syscall\n\t"
        "vmovdqu %%ymm0, (%[out])\n\t"
        "vmovdqu %%ymm8, 32(%[out])\n\t"
        "vzeroupper"
        :
        : [in] "r"(in), [out] "r"(out), [pid] "r"(pid)
        : "rax", "rdi", "rsi", "rcx", "r11", "memory", "xmm0", "xmm8");
}

static void show(const char *what, const unsigned char *b) {
    printf("%s:", what);
    for (int i = 0; i < 64; i++) printf("%s%02x", i % 32 == 0 ? " " : "", b[i]);
    printf("\n");
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);

    unsigned char in[64], out[64];
    for (int i = 0; i < 64; i++) in[i] = (unsigned char) (i * 7 + 3);
    roundtrip(in, out);
    printf("xstate magic in the frame: %s\n", magic == XSTATE_MAGIC1 ? "yes" : "no");
    printf("registers survive the handler: %s\n", memcmp(in, out, 64) == 0 ? "yes" : "no");
    show("after", out);

    edit = 1;
    roundtrip(in, out);
    show("after editing the frame", out);
    return 0;
}
