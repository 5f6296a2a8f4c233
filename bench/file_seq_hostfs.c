/* Large sequential read and write on the host's file system (the working directory: under
 * Jerla a hostfs mount), fsync included. */
#include "file_seq.h"

int main(int argc, char **argv) {
    return file_seq(".", argc > 1 ? atol(argv[1]) : 1);
}
