#ifndef MESHDIFF_GIT_READ_LIMIT_H
#define MESHDIFF_GIT_READ_LIMIT_H
#include <stddef.h>

/* A ceiling on libgit2's allocations, per thread, so that a blob can be read without reading
   its header first: libgit2 allocates an object's full size before it inflates it (and a
   delta's result size before it applies the delta), so a blob that would inflate past the
   ceiling fails at that allocation, with no work done. */

/* Routes libgit2's allocations through the ceiling; call once, after git_libgit2_init. */
int meshdiff_read_limit_install(void);

/* Until meshdiff_read_limit_end, libgit2 allocations over `bytes` on this thread fail. */
void meshdiff_read_limit_begin(size_t bytes);

/* Lifts this thread's ceiling; returns 1 when an allocation was refused since it began. */
int meshdiff_read_limit_end(void);

/* How many bytes libgit2 holds on the heap, as the C library counts them, since the allocator
   above was installed (a count to compare with itself): mostly its packs' delta-base caches. */
long long meshdiff_git_held_bytes(void);

#endif
