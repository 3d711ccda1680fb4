// What the process may use of the machine, for wirewatch's Articles target: glibc declares
// sched_getaffinity and CPU_COUNT only under _GNU_SOURCE, which Swift's Glibc module does not set.

#ifndef WWPROCESS_H
#define WWPROCESS_H

/// The CPUs this process may run on (its affinity mask: `taskset -c 0` makes it 1); at least 1.
int ww_available_cpus(void);

#endif
