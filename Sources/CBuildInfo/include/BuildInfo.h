// What `meshdiff --version` says about the build: the Makefile passes
// -Xcc -DMESHDIFF_COMMIT='"<commit>"'; a plain `swift build` says the commit is unknown.
#ifndef MESHDIFF_COMMIT
#define MESHDIFF_COMMIT "unknown"
#endif

static inline const char *meshdiff_build_commit(void) { return MESHDIFF_COMMIT; }
