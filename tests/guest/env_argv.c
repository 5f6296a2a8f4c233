// ARGS: alpha "two words" "" 'quote"d'
/* argv and the environment: arguments with spaces and empty ones, getenv/setenv/unsetenv/putenv,
 * the environ array. */
#include "guest.h"

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    t_init();
    printf("argc: %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]: <%s>\n", i, argv[i]);
    printf("argv[argc] is NULL: %s\n", yesno(argv[argc] == NULL));
    printf("JERLA_TEST_VAR: %s\n", getenv("JERLA_TEST_VAR") ? getenv("JERLA_TEST_VAR") : "(unset)");
    printf("unset variable: %s\n", getenv("JERLA_SURELY_UNSET") ? "set" : "(unset)");
    setenv("JERLA_TEST_NEW", "value", 0);
    setenv("JERLA_TEST_NEW", "ignored", 0);
    printf("setenv no-overwrite keeps: %s\n", getenv("JERLA_TEST_NEW"));
    setenv("JERLA_TEST_NEW", "replaced", 1);
    printf("setenv overwrite: %s\n", getenv("JERLA_TEST_NEW"));
    putenv("JERLA_TEST_PUT=put");
    unsetenv("JERLA_TEST_VAR");
    char *mine[64];
    int n = 0;
    for (char **e = environ; *e && n < 64; e++)
        if (strncmp(*e, "JERLA_TEST_", 11) == 0) mine[n++] = *e;
    qsort(mine, n, sizeof mine[0], cmp);
    for (int i = 0; i < n; i++) printf("environ: %s\n", mine[i]);
    printf("setenv with '=' in name: %s\n", setenv("A=B", "x", 1) < 0 ? errname(errno) : "accepted");
    return argc;
}
