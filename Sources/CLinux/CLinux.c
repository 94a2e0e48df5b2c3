#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/socket.h>
#include "CLinux.h"

int CLinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

int CLinux_O_DIRECT(void) {
    return O_DIRECT;
}
