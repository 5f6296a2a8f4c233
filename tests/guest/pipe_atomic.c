/* Writes of at most PIPE_BUF bytes to a pipe are atomic: four writers, none interleaved. */
#include "guest.h"
#include <limits.h>

enum { WRITERS = 4, MESSAGES = 500, SIZE = 512 };

int main(void) {
    t_init();
    printf("PIPE_BUF: %d\n", PIPE_BUF);
    int p[2];
    pipe(p);
    for (int w = 0; w < WRITERS; w++) {
        if (fork() == 0) {
            close(p[0]);
            char msg[SIZE];
            memset(msg, 'A' + w, SIZE);
            for (int i = 0; i < MESSAGES; i++)
                if (write(p[1], msg, SIZE) != SIZE) _exit(1);
            _exit(0);
        }
    }
    close(p[1]);
    char msg[SIZE];
    int counts[WRITERS] = {0}, torn = 0, total = 0;
    for (;;) {
        ssize_t got = 0, n;
        while (got < SIZE && (n = read(p[0], msg + got, SIZE - got)) > 0) got += n;
        if (got == 0) break;
        if (got < SIZE) { torn++; break; }
        for (int i = 1; i < SIZE; i++) if (msg[i] != msg[0]) { torn++; break; }
        if (msg[0] >= 'A' && msg[0] < 'A' + WRITERS) counts[msg[0] - 'A']++;
        total++;
    }
    int st, ok = 0;
    while (wait(&st) > 0) ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    printf("messages %d, torn %d, writers ok %d\n", total, torn, ok);
    for (int w = 0; w < WRITERS; w++) printf("writer %c: %d\n", 'A' + w, counts[w]);
    return 0;
}
