#!/bin/sh
# Runs bench-rules with the malloc counter preloaded: bench/malloc-count/run.sh BENCH_BINARY
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -shared -fPIC -o "$out/malloc_count.so" "$here/malloc_count.c" -ldl
LD_PRELOAD="$out/malloc_count.so" "$1" --allocations-only
