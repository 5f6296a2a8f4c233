/* The guest side of the network suite's UDP cases.
 *   udp_echo server PORT            answers each datagram with "guest:" + payload, forever
 *   udp_echo client ADDR PORT MSG   sends MSG, prints the answer (retrying for a few seconds) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    char buf[2048];
    if (argc == 3 && strcmp(argv[1], "server") == 0) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
        if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
            perror("bind");
            return 1;
        }
        for (;;) {
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            ssize_t n = recvfrom(s, buf + 6, sizeof buf - 6, 0, (struct sockaddr *)&from, &fl);
            if (n < 0) continue;
            memcpy(buf, "guest:", 6);
            sendto(s, buf, (size_t)n + 6, 0, (struct sockaddr *)&from, fl);
        }
    }
    if (argc == 5 && strcmp(argv[1], "client") == 0) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[3]))};
        inet_pton(AF_INET, argv[2], &a.sin_addr);
        struct timeval tv = {1, 0};
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        for (int i = 0; i < 5; i++) {
            sendto(s, argv[4], strlen(argv[4]), 0, (struct sockaddr *)&a, sizeof a);
            ssize_t n = recv(s, buf, sizeof buf, 0);
            if (n >= 0) {
                printf("%.*s\n", (int)n, buf);
                return 0;
            }
        }
        printf("no answer\n");
        return 1;
    }
    fprintf(stderr, "usage: udp_echo server PORT | client ADDR PORT MSG\n");
    return 2;
}
