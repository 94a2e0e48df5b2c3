// A tiny LD_PRELOAD library that counts calls to malloc/calloc/realloc/
// posix_memalign, for bench-rules' "allocations per event" figure.
// Build: cc -O2 -shared -fPIC -o malloc_count.so malloc_count.c -ldl
// The benchmark finds `bench_malloc_count` with dlsym when preloaded.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdatomic.h>

atomic_ulong bench_malloc_count = 0;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);

// dlsym may itself call calloc before real_calloc is known: serve it from a
// small static buffer.
static char bootstrap[4096];
static size_t bootstrap_used;

void *malloc(size_t size) {
    if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc");
    atomic_fetch_add_explicit(&bench_malloc_count, 1, memory_order_relaxed);
    return real_malloc(size);
}

void *calloc(size_t count, size_t size) {
    if (!real_calloc) {
        static int resolving;
        if (resolving) {
            size_t total = (count * size + 15) & ~(size_t)15;
            if (bootstrap_used + total > sizeof bootstrap) return NULL;
            void *p = bootstrap + bootstrap_used;
            bootstrap_used += total;
            return p;  // static memory is already zero
        }
        resolving = 1;
        real_calloc = dlsym(RTLD_NEXT, "calloc");
        resolving = 0;
    }
    atomic_fetch_add_explicit(&bench_malloc_count, 1, memory_order_relaxed);
    return real_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (!real_realloc) real_realloc = dlsym(RTLD_NEXT, "realloc");
    atomic_fetch_add_explicit(&bench_malloc_count, 1, memory_order_relaxed);
    return real_realloc(pointer, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (!real_posix_memalign) real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    atomic_fetch_add_explicit(&bench_malloc_count, 1, memory_order_relaxed);
    return real_posix_memalign(out, alignment, size);
}
