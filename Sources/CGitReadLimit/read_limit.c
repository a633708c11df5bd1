#include "GitReadLimit.h"

#include <git2.h>
#include <git2/sys/alloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local size_t ceiling = SIZE_MAX;
static _Thread_local int refused = 0;

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
    return over(n, 1) ? NULL : malloc(n);
}

static void *limited_calloc(size_t count, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(count, size) ? NULL : calloc(count, size);
}

static char *limited_strdup(const char *string, const char *file, int line) {
    (void)file, (void)line;
    return over(strlen(string) + 1, 1) ? NULL : strdup(string);
}

static char *limited_substrdup(const char *string, size_t n, const char *file, int line) {
    (void)file, (void)line;
    if (n == SIZE_MAX || over(n + 1, 1)) return NULL;
    char *copy = malloc(n + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, string, n);
    copy[n] = '\0';
    return copy;
}

static char *limited_strndup(const char *string, size_t n, const char *file, int line) {
    return limited_substrdup(string, strnlen(string, n), file, line);
}

static void *limited_realloc(void *pointer, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(size, 1) ? NULL : realloc(pointer, size);
}

static void *limited_reallocarray(void *pointer, size_t count, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(count, size) ? NULL : realloc(pointer, count * size);
}

static void *limited_mallocarray(size_t count, size_t size, const char *file, int line) {
    (void)file, (void)line;
    return over(count, size) ? NULL : malloc(count * size);
}

static void limited_free(void *pointer) {
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
