/* The vDSO: AT_SYSINFO_EHDR points at an ELF shared object whose dynamic symbols, looked up
 * the way musl's vdsosym does (PT_LOAD/PT_DYNAMIC, DT_HASH or DT_GNU_HASH, versym/verdef with
 * LINUX_2.6), give working __vdso_clock_gettime, __vdso_gettimeofday, __vdso_time and
 * __vdso_getcpu; the C library's own calls work too. */
#include "guest.h"
#include <elf.h>
#include <sched.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

static const char *strings;
static Elf64_Sym *syms;
static Elf64_Half *versym;
static Elf64_Verdef *verdef;
static size_t base, nsyms;

static int checkver(Elf64_Verdef *def, int vsym, const char *name) {
    vsym &= 0x7fff;
    for (;;) {
        if (!(def->vd_flags & VER_FLG_BASE) && (def->vd_ndx & 0x7fff) == vsym) break;
        if (def->vd_next == 0) return 0;
        def = (Elf64_Verdef *)((char *)def + def->vd_next);
    }
    Elf64_Verdaux *aux = (Elf64_Verdaux *)((char *)def + def->vd_aux);
    return !strcmp(name, strings + aux->vda_name);
}

static void *lookup(const char *name) {
    for (size_t i = 0; i < nsyms; i++) {
        int type = ELF64_ST_TYPE(syms[i].st_info), bind = ELF64_ST_BIND(syms[i].st_info);
        if (type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT) continue;
        if (bind != STB_GLOBAL && bind != STB_WEAK) continue;
        if (!syms[i].st_shndx || strcmp(name, strings + syms[i].st_name)) continue;
        if (versym && !checkver(verdef, versym[i], "LINUX_2.6")) continue;
        return (void *)(base + syms[i].st_value);
    }
    return NULL;
}

int main(void) {
    t_init();
    Elf64_Ehdr *eh = (Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    printf("AT_SYSINFO_EHDR present: %s\n", yesno(eh != NULL));
    if (!eh) return 1;
    printf("ELF shared object: %s\n", yesno(!memcmp(eh->e_ident, ELFMAG, SELFMAG) && eh->e_type == ET_DYN));
    Elf64_Phdr *ph = (Elf64_Phdr *)((char *)eh + eh->e_phoff);
    size_t *dynv = NULL;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD) base = (size_t)eh + ph[i].p_offset - ph[i].p_vaddr;
        else if (ph[i].p_type == PT_DYNAMIC) dynv = (size_t *)((char *)eh + ph[i].p_offset);
    }
    uint32_t *hash = NULL, *ghash = NULL;
    for (int i = 0; dynv && dynv[i]; i += 2) {
        void *p = (void *)(base + dynv[i + 1]);
        switch (dynv[i]) {
        case DT_STRTAB: strings = p; break;
        case DT_SYMTAB: syms = p; break;
        case DT_HASH: hash = p; break;
        case DT_GNU_HASH: ghash = p; break;
        case DT_VERSYM: versym = p; break;
        case DT_VERDEF: verdef = p; break;
        }
    }
    if (!verdef) versym = NULL;
    if (hash) {
        nsyms = hash[1];
    } else if (ghash) {
        /* The number of symbols: past the highest bucket's chain end. */
        uint32_t nbuckets = ghash[0], symoffset = ghash[1], bloom = ghash[2];
        uint32_t *buckets = ghash + 4 + bloom * 2, *chain = buckets + nbuckets;
        uint32_t max = 0;
        for (uint32_t b = 0; b < nbuckets; b++) if (buckets[b] > max) max = buckets[b];
        if (max) while (!(chain[max - symoffset] & 1)) max++;
        nsyms = max + 1;
    }
    printf("dynamic symbols found: %s, versioned: %s\n", yesno(syms && strings && nsyms > 0), yesno(versym != NULL));

    int (*cg)(clockid_t, struct timespec *) = lookup("__vdso_clock_gettime");
    int (*gtod)(struct timeval *, void *) = lookup("__vdso_gettimeofday");
    time_t (*tm)(time_t *) = lookup("__vdso_time");
    long (*gc)(unsigned *, unsigned *, void *) = lookup("__vdso_getcpu");
    printf("symbols: clock_gettime %s gettimeofday %s time %s getcpu %s\n", yesno(cg != NULL), yesno(gtod != NULL),
           yesno(tm != NULL), yesno(gc != NULL));
    struct timespec a = {0}, b = {0}, c = {0};
    if (cg) {
        int r = cg(CLOCK_REALTIME, &a);
        clock_gettime(CLOCK_REALTIME, &b);
        printf("vdso CLOCK_REALTIME: %d, agrees with libc: %s\n", r, yesno(a.tv_sec > 1600000000 && b.tv_sec - a.tv_sec <= 1));
        cg(CLOCK_MONOTONIC, &a);
        cg(CLOCK_MONOTONIC, &c);
        printf("vdso CLOCK_MONOTONIC non-decreasing: %s\n", yesno(c.tv_sec > a.tv_sec || (c.tv_sec == a.tv_sec && c.tv_nsec >= a.tv_nsec)));
        printf("vdso bad clock: %s\n", cg(12345, &a) == -EINVAL ? "-EINVAL" : "other");
    }
    if (gtod) {
        struct timeval tv = {0};
        int r = gtod(&tv, NULL);
        printf("vdso gettimeofday: %d %s\n", r, yesno(tv.tv_sec > 1600000000 && tv.tv_usec < 1000000));
    }
    if (tm) {
        time_t t1 = 0, t0 = tm(&t1);
        printf("vdso time: %s\n", yesno(t0 > 1600000000 && t0 == t1));
    }
    if (gc) {
        unsigned cpu = 9999, node = 9999;
        long r = gc(&cpu, &node, NULL);
        printf("vdso getcpu: %ld cpu valid %s node 0 %s\n", r, yesno(cpu < 4096), yesno(node == 0));
    }
    printf("libc sched_getcpu valid: %s\n", yesno(sched_getcpu() >= 0));
    return 0;
}
