#ifndef MESHDIFF_CLIBGIT2_SHIM_H
#define MESHDIFF_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per use. */
/* Objects are not re-hashed on every read (git itself does not): meshdiff only reads. */
static inline int meshdiff_skip_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}
/* No object cache: meshdiff reads each tree and blob it needs once and keeps what it parsed
   itself, so the cache's locking and bookkeeping on every read buy nothing. */
static inline int meshdiff_disable_object_cache(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
}
/* Pack files are mapped in windows of `window` bytes, at most `limit` bytes at once (libgit2's
   defaults on 64-bit systems: 1 GiB windows, 8 GiB in all), so that the pages of a large pack a
   long walk touched are not all kept resident. */
static inline int meshdiff_bound_pack_mapping(size_t window, size_t limit) {
    int code = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return code < 0 ? code : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}
#endif
