/* checked.h: the snapshots already checked whole, remembered so that opening one again is instant */
#ifndef DIP_CHECKED_H
#define DIP_CHECKED_H

#include <sys/stat.h>

/* A snapshot is remembered by its file's identity: device, inode, size,
   modification and change times. Any change to the file (a write, a
   truncation, a rename over it, a new file in its place) gives it a new
   change time, which the system sets and no program can set back, so a
   remembered file is one whose every byte was checked and has not changed
   since. The record lives in a folder of the user's (DIPLOMACY_CACHE_DIR, or
   $XDG_CACHE_HOME/diplomacy, or ~/.cache/diplomacy; DIPLOMACY_CACHE_DIR set
   empty turns it off), one small file per snapshot. */

/* Whether the file of st was checked whole by this library's version of the checks. */
int dip_checked_known(const struct stat *st, unsigned version);
/* Remembers the file of st as checked whole. wait: when the file was
   changed within the clock's last tick (just written), wait for the next
   tick first, so that a change right after this one cannot keep the change
   time remembered (up to a few milliseconds); otherwise such a file is not
   remembered. Failures only mean it is not remembered. */
void dip_checked_record(const struct stat *st, unsigned version, int wait);

#endif
