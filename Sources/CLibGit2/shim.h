#ifndef MESHDIFF_CLIBGIT2_SHIM_H
#define MESHDIFF_CLIBGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per use. */
/* Objects are not re-hashed on every read (git itself does not): meshdiff only reads. */
static inline int meshdiff_skip_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}
#endif
