/* execve of a truncated copy of this program: cut inside the program headers is ENOEXEC; cut so a PT_LOAD reaches past the end of the file, execve succeeds and the process dies of SIGSEGV (its bss cannot be zeroed); cut only in the section headers, it runs. */
// ARGS: parent
#include "guest.h"
#include <elf.h>

static unsigned char image[4 << 20];

static void run_cut(long len, const char *label) {
    int out = open("cut", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(out, image, len);
    close(out);
    int ready[2];
    pipe2(ready, O_CLOEXEC);
    pid_t c = fork();
    if (c == 0) {
        close(ready[0]);
        execl("./cut", "cut", "child", (char *)NULL);
        int e = errno;
        write(ready[1], &e, sizeof e);
        _exit(127);
    }
    close(ready[1]);
    int e = 0;
    int n = read(ready[0], &e, sizeof e);
    close(ready[0]);
    int st;
    waitpid(c, &st, 0);
    printf("%s: execve %s, %s\n", label, n == sizeof e ? errname(e) : "succeeded", t_status(st));
    unlink("cut");
}

int main(int argc, char **argv) {
    t_init();
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("the truncated copy runs\n");
        return 3;
    }
    int in = open("/proc/self/exe", O_RDONLY);
    long size = 0, n;
    while ((n = read(in, image + size, sizeof image - size)) > 0)
        size += n;
    close(in);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);
    long load_end = 0, cut_bss = -1;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        long end = ph[i].p_offset + ph[i].p_filesz;
        if (end > load_end)
            load_end = end;
        /* A writable segment with a bss whose file end lies in a page of its own. */
        if ((ph[i].p_flags & PF_W) && ph[i].p_memsz > ph[i].p_filesz && (end & 4095))
            cut_bss = end & ~4095L;
    }
    run_cut(eh->e_phoff + 8, "cut in the program headers");
    if (cut_bss > (long)(eh->e_phoff + eh->e_phnum * sizeof *ph))
        run_cut(cut_bss, "cut before the data segment's last page");
    else
        printf("no data segment to cut\n");
    run_cut(load_end, "cut after the last PT_LOAD");
    return 0;
}
