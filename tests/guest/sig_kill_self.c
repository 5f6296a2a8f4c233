/* A process killed by its own signal: the exit status seen by the shell is 128+15. */
#include "guest.h"

int main(void) {
    t_init();
    printf("sending SIGTERM to myself\n");
    kill(getpid(), SIGTERM);
    printf("not reached\n");
    return 0;
}
