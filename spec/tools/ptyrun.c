/* ptyrun.c: runs a command on a pseudo-terminal and plays a script of keystrokes at it, for the REPL specs.
   usage: ptyrun SCRIPT COMMAND [ARG...]; SCRIPT lines are
     send TEXT     type TEXT (escapes: \n \r \t \e \\ \xHH)
     expect TEXT   wait (up to 10 s) until the screen output since the last expect holds TEXT
     sleep MS      wait
   Everything the command wrote goes to stdout; exit status 0 when every expect was met and the
   command ended, 2 when an expect timed out (the screen so far is still written). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char *screen;
static size_t used, cap, mark;

static void keep(const char *buf, size_t n) {
  if (used + n + 1 > cap) {
    cap = (used + n + 1) * 2;
    if (!(screen = realloc(screen, cap))) { perror("ptyrun"); exit(3); }
  }
  memcpy(screen + used, buf, n);
  used += n;
  screen[used] = '\0';
}

/* Reads what the command writes for up to ms milliseconds; 0 when it closed the terminal. */
static int drain(int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  char buf[4096];
  int r = poll(&p, 1, ms);
  if (r <= 0) return 1;
  ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0) return 0;
  keep(buf, (size_t)n);
  return 1;
}

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static size_t unescape(const char *s, char *out) {
  size_t n = 0;
  for (; *s && *s != '\n'; s++) {
    if (*s != '\\' || !s[1]) { out[n++] = *s; continue; }
    s++;
    switch (*s) {
      case 'n': out[n++] = '\n'; break;
      case 'r': out[n++] = '\r'; break;
      case 't': out[n++] = '\t'; break;
      case 'e': out[n++] = 27; break;
      case 'x': {
        char hex[3] = {s[1], s[1] ? s[2] : 0, 0};
        out[n++] = (char)strtol(hex, NULL, 16);
        s += 2;
        break;
      }
      default: out[n++] = *s;
    }
  }
  return n;
}

int main(int argc, char **argv) {
  FILE *script;
  char line[4096], text[4096];
  int fd, status = 0, failed = 0, open_ = 1;
  struct winsize ws = {24, 100, 0, 0};
  pid_t pid;
  if (argc < 3) { fprintf(stderr, "usage: ptyrun SCRIPT COMMAND [ARG...]\n"); return 3; }
  if (!(script = fopen(argv[1], "r"))) { perror(argv[1]); return 3; }
  pid = forkpty(&fd, NULL, NULL, &ws);
  if (pid < 0) { perror("forkpty"); return 3; }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  while (!failed && fgets(line, sizeof line, script)) {
    if (!strncmp(line, "send ", 5)) {
      size_t n = unescape(line + 5, text);
      drain(fd, 50);
      if (write(fd, text, n) != (ssize_t)n) { failed = 1; break; }
    } else if (!strncmp(line, "expect ", 7)) {
      size_t n = unescape(line + 7, text);
      long until = now_ms() + 10000;
      text[n] = '\0';
      while (!(used > mark && strstr(screen + mark, text)) && open_ && now_ms() < until) open_ = drain(fd, 100);
      if (used > mark && strstr(screen + mark, text)) mark = (size_t)(strstr(screen + mark, text) - screen) + n;
      else { fprintf(stderr, "ptyrun: timed out waiting for '%s'\n", text); failed = 2; }
    } else if (!strncmp(line, "sleep ", 6)) {
      long until = now_ms() + atol(line + 6);
      while (open_ && now_ms() < until) open_ = drain(fd, (int)(until - now_ms()) + 1);
    }
  }
  fclose(script);
  {
    long until = now_ms() + (failed ? 500 : 10000);
    while (open_ && now_ms() < until) open_ = drain(fd, 100);
  }
  if (open_) kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  if (screen) fwrite(screen, 1, used, stdout);
  free(screen);
  if (failed) return 2;
  return open_ ? 4 : (WIFEXITED(status) ? WEXITSTATUS(status) : 5);
}
