#include "GitReadLimit.h"

#include <git2.h>
#include <git2/sys/alloc.h>
#include <stdatomic.h>
#if defined(__APPLE__)
#include <malloc/malloc.h>
#define malloc_usable_size malloc_size
#else
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local size_t ceiling = SIZE_MAX;
static _Thread_local int refused = 0;
/* What libgit2 holds, in the C library's usable bytes, counted from the allocator's install
   (what libgit2 allocated before it and frees later makes this a little low: a count to compare
   with itself, not an absolute). */
static atomic_llong held = 0;

/* `pointer`, counted as held when it is not NULL. */
static void *counted(void *pointer) {
    if (pointer != NULL) atomic_fetch_add_explicit(&held, (long long)malloc_usable_size(pointer), memory_order_relaxed);
    return pointer;
}

/* Counts `pointer` as no longer held (before it is freed or moved). */
static void uncount(void *pointer) {
    if (pointer != NULL) atomic_fetch_sub_explicit(&held, (long long)malloc_usable_size(pointer), memory_order_relaxed);
}

/* Whether an allocation of `count` elements of `size` bytes goes over the ceiling. */
static int over(size_t count, size_t size) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes) || bytes > ceiling) {
        refused = 1;
        return 1;
    }
    return 0;
}

static void *limited_malloc(size_t n, const char *file, int line) {
    (void)file, (void)line;
    return over(n, 1) ? NULL : counted(malloc(n));
}

static void *limited_calloc(size_t count, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(count, size) ? NULL : counted(calloc(count, size));
}

static char *limited_strdup(const char *string, const char *file, int line) {
    (void)file, (void)line;
    return over(strlen(string) + 1, 1) ? NULL : counted(strdup(string));
}

static char *limited_substrdup(const char *string, size_t n, const char *file, int line) {
    (void)file, (void)line;
    if (n == SIZE_MAX || over(n + 1, 1)) return NULL;
    char *copy = malloc(n + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, string, n);
    copy[n] = '\0';
    return counted(copy);
}

static char *limited_strndup(const char *string, size_t n, const char *file, int line) {
    return limited_substrdup(string, strnlen(string, n), file, line);
}

/* A failed realloc leaves the block as it was, and held. */
static void *counted_realloc(void *pointer, size_t size) {
    size_t before = pointer != NULL ? malloc_usable_size(pointer) : 0;
    void *moved = realloc(pointer, size);
    if (moved == NULL) return NULL;
    atomic_fetch_sub_explicit(&held, (long long)before, memory_order_relaxed);
    return counted(moved);
}

static void *limited_realloc(void *pointer, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(size, 1) ? NULL : counted_realloc(pointer, size);
}

static void *limited_reallocarray(void *pointer, size_t count, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(count, size) ? NULL : counted_realloc(pointer, count * size);
}

static void *limited_mallocarray(size_t count, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(count, size) ? NULL : counted(malloc(count * size));
}

static void limited_free(void *pointer) {
    uncount(pointer);
    free(pointer);
}

int meshdiff_read_limit_install(void) {
    static git_allocator allocator = {
        limited_malloc, limited_calloc, limited_strdup, limited_strndup, limited_substrdup,
        limited_realloc, limited_reallocarray, limited_mallocarray, limited_free,
    };
    return git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &allocator);
}

void meshdiff_read_limit_begin(size_t bytes) {
    ceiling = bytes;
    refused = 0;
}

int meshdiff_read_limit_end(void) {
    ceiling = SIZE_MAX;
    return refused;
}

long long meshdiff_git_held_bytes(void) {
    return atomic_load_explicit(&held, memory_order_relaxed);
}
