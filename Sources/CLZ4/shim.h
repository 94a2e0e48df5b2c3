#ifndef CLZ4_SHIM_H
#define CLZ4_SHIM_H
// LZ4's block format (liblz4-dev): the payload log compresses event payloads with it.
#include <lz4.h>
#endif
