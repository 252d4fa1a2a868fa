/* fileio.c: a file is written beside its final name and renamed over it, so readers never see half of it */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"

int dip_write_file(dip_dataset *ds, const char *path, dip_produce_fn produce, void *ctx) {
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 16);
  struct stat st;
  mode_t mode = 0644;
  int fd, rc = DIP_OK, e = 0;
  FILE *f;
  if (!*path) {
    free(tmp);
    return dip_set_err(ds, DIP_EIO, "empty path: name the file to write");
  }
  if (!tmp) return dip_set_err(ds, DIP_ENOMEM, "out of memory");
  snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
  if ((fd = mkstemp(tmp)) < 0) {
    e = errno;
    free(tmp);
    return dip_set_err(ds, DIP_EIO, "%s: %s", path, strerror(e));
  }
  if (stat(path, &st) == 0) mode = st.st_mode & 07777;
  errno = 0;
  if (fchmod(fd, mode) != 0 || !(f = fdopen(fd, "wb"))) {
    e = errno ? errno : EIO;
    close(fd);
  } else {
    errno = 0;
    rc = produce(f, ctx);
    if (rc == DIP_EIO || (!rc && (fflush(f) != 0 || fsync(fileno(f)) != 0))) e = errno ? errno : EIO;
    if (fclose(f) != 0 && !rc && !e) e = errno ? errno : EIO;
  }
  if (!rc && !e && rename(tmp, path) != 0) e = errno ? errno : EIO;
  if (rc || e) unlink(tmp);
  free(tmp);
  if (e) return dip_set_err(ds, DIP_EIO, "%s: %s", path, strerror(e));
  if (rc) {
    char why[sizeof ds->err];
    snprintf(why, sizeof why, "%s", ds->err);
    return dip_set_err(ds, rc, "%s: %s", path, why);
  }
  return DIP_OK;
}
