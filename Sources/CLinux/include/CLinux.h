// CLinux: Linux system calls Swift's Glibc module does not export
// (epoll, eventfd, accept4), for the HTTP listener's event loop, and the
// O_DIRECT open flag for the store's payload log.
#ifndef CLINUX_H
#define CLINUX_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

/// accept4(2), which glibc declares only under _GNU_SOURCE.
int CLinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// O_DIRECT, which glibc defines only under _GNU_SOURCE (its value depends on the architecture).
int CLinux_O_DIRECT(void);

#endif
