/*
 * LD_PRELOAD shim for load generators: every TCP connect to a 127.x address first binds the
 * socket to one of CLIENTADDR_COUNT (default 64) client addresses, 127.0.0.2 and up, in turn.
 * Real clients come from many addresses; a benchmark whose every connection comes from
 * 127.0.0.1 would pin all of them to one worker under ip-hash. Loopback only: any other
 * destination is left alone.
 *
 * Build: gcc -O2 -shared -fPIC -o clientaddr.so clientaddr.c -ldl
 * Use:   LD_PRELOAD=./clientaddr.so wrk ... http://127.0.0.1:8080/
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static atomic_uint next_client;

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  static int (*real_connect)(int, const struct sockaddr *, socklen_t);
  if (!real_connect) {
    real_connect = (int (*)(int, const struct sockaddr *, socklen_t)) dlsym(RTLD_NEXT, "connect");
  }
  if (addr && addr->sa_family == AF_INET && len >= (socklen_t) sizeof(struct sockaddr_in)) {
    const struct sockaddr_in *to = (const struct sockaddr_in *) addr;
    if ((ntohl(to->sin_addr.s_addr) >> 24) == 127) {
      const char *configured = getenv("CLIENTADDR_COUNT");
      unsigned count = configured ? (unsigned) atoi(configured) : 64;
      if (count > 0) {
        struct sockaddr_in from;
        memset(&from, 0, sizeof from);
        from.sin_family = AF_INET;
        from.sin_addr.s_addr = htonl(0x7f000002u + atomic_fetch_add(&next_client, 1) % count);
        /* a socket bound already keeps its address: the bind fails and changes nothing */
        bind(fd, (const struct sockaddr *) &from, sizeof from);
      }
    }
  }
  return real_connect(fd, addr, len);
}
