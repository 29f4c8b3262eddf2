/*
 * greeter: the example release's one program, compiled by packages/greeter-tools.
 *
 *   greeter serve PORT FILE          HTTP server: answers every request with FILE's bytes
 *                                    (read afresh each time); one log line per request.
 *   greeter get HOST PORT            one GET /; prints the body; exit 0 on HTTP 200.
 *   greeter poll SECONDS HOST:PORT...  every SECONDS, GET / from each target and log the
 *                                    first line of the answer (or why there was none).
 *
 * Plain POSIX C with no dependencies, so that the packaging script only needs `cc`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_MAX 65536

static void stamp(char *buf, size_t len) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int parse_port(const char *text) {
  char *end;
  long port = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || port < 1 || port > 65535) {
    fprintf(stderr, "greeter: bad port '%s'\n", text);
    exit(2);
  }
  return (int)port;
}

static void set_timeouts(int fd, int seconds) {
  struct timeval tv = {seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static int serve(int port, const char *file) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  struct sockaddr_in addr;
  if (fd < 0) { perror("greeter: socket"); return 1; }
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)port);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 64) < 0) {
    fprintf(stderr, "greeter: cannot listen on port %d: %s\n", port, strerror(errno));
    return 1;
  }
  char when[32];
  stamp(when, sizeof when);
  printf("%s greeter listening on port %d, serving %s\n", when, port, file);
  for (;;) {
    int client = accept(fd, NULL, NULL);
    if (client < 0) continue;
    set_timeouts(client, 5);
    char request[2048] = {0};
    ssize_t got = read(client, request, sizeof request - 1);
    if (got > 0) {
      request[strcspn(request, "\r\n")] = '\0';
      static char body[ANSWER_MAX];
      size_t len = 0;
      int status = 200;
      FILE *in = fopen(file, "r");
      if (in != NULL) {
        len = fread(body, 1, sizeof body, in);
        fclose(in);
      } else {
        status = 500;
        len = (size_t)snprintf(body, sizeof body, "cannot read %s: %s\n", file, strerror(errno));
      }
      char head[256];
      int head_len = snprintf(head, sizeof head,
                              "HTTP/1.0 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n",
                              status, status == 200 ? "OK" : "Internal Server Error", len);
      if (write(client, head, (size_t)head_len) == head_len) (void)!write(client, body, len);
      stamp(when, sizeof when);
      printf("%s \"%s\" %d %zu\n", when, request, status, len);
    }
    close(client);
  }
}

/* GET / from host:port into answer (NUL-terminated); returns the HTTP status, or -1 with why. */
static int fetch(const char *host, const char *port, char *answer, size_t size, const char **why) {
  struct addrinfo hints, *found, *ai;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  int rc = getaddrinfo(host, port, &hints, &found);
  if (rc != 0) { *why = gai_strerror(rc); return -1; }
  int fd = -1;
  *why = "no address";
  for (ai = found; ai != NULL; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) continue;
    set_timeouts(fd, 2);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    *why = strerror(errno);
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) return -1;
  char request[512];
  int len = snprintf(request, sizeof request, "GET / HTTP/1.0\r\nHost: %s\r\nUser-Agent: greeter\r\n\r\n", host);
  size_t used = 0;
  ssize_t got = 0;
  if (write(fd, request, (size_t)len) == len) {
    while (used < size - 1 && (got = read(fd, answer + used, size - 1 - used)) > 0) used += (size_t)got;
  }
  close(fd);
  answer[used] = '\0';
  int status;
  if (sscanf(answer, "HTTP/%*s %d", &status) != 1) { *why = got < 0 ? strerror(errno) : "not HTTP"; return -1; }
  return status;
}

static const char *body_of(const char *answer) {
  const char *body = strstr(answer, "\r\n\r\n");
  return body == NULL ? "" : body + 4;
}

static int get(const char *host, const char *port) {
  static char answer[ANSWER_MAX];
  const char *why;
  int status = fetch(host, port, answer, sizeof answer, &why);
  if (status < 0) { fprintf(stderr, "greeter: %s:%s: %s\n", host, port, why); return 1; }
  fputs(body_of(answer), stdout);
  if (status != 200) fprintf(stderr, "greeter: %s:%s answered HTTP %d\n", host, port, status);
  return status == 200 ? 0 : 1;
}

static int poll_targets(int seconds, int count, char **targets) {
  static char answer[ANSWER_MAX];
  char when[32];
  for (;;) {
    for (int i = 0; i < count; i++) {
      char host[256];
      const char *colon = strrchr(targets[i], ':');
      if (colon == NULL || (size_t)(colon - targets[i]) >= sizeof host) {
        fprintf(stderr, "greeter: bad target '%s', expected HOST:PORT\n", targets[i]);
        return 2;
      }
      memcpy(host, targets[i], (size_t)(colon - targets[i]));
      host[colon - targets[i]] = '\0';
      const char *why;
      int status = fetch(host, colon + 1, answer, sizeof answer, &why);
      stamp(when, sizeof when);
      if (status < 0) {
        printf("%s %s unreachable: %s\n", when, targets[i], why);
      } else {
        const char *body = body_of(answer);
        printf("%s %s HTTP %d: %.*s\n", when, targets[i], status, (int)strcspn(body, "\n"), body);
      }
    }
    sleep((unsigned)seconds);
  }
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc == 4 && strcmp(argv[1], "serve") == 0) return serve(parse_port(argv[2]), argv[3]);
  if (argc == 4 && strcmp(argv[1], "get") == 0) return get(argv[2], argv[3]);
  if (argc >= 4 && strcmp(argv[1], "poll") == 0) {
    int seconds = atoi(argv[2]);
    if (seconds < 1) { fprintf(stderr, "greeter: bad interval '%s'\n", argv[2]); return 2; }
    return poll_targets(seconds, argc - 3, argv + 3);
  }
  fprintf(stderr,
          "usage: greeter serve PORT FILE | greeter get HOST PORT | greeter poll SECONDS HOST:PORT...\n");
  return 2;
}
