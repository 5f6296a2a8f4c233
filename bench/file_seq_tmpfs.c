/* Large sequential read and write on tmpfs (/dev/shm: a tmpfs natively and under Jerla). */
#include "file_seq.h"

int main(int argc, char **argv) {
    return file_seq("/dev/shm", argc > 1 ? atol(argv[1]) : 1);
}
