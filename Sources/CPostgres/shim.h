#ifndef CPOSTGRES_SHIM_H
#define CPOSTGRES_SHIM_H
// libpq (libpq-dev): the PostgreSQL store's client. pkg-config libpq adds
// its include folder (/usr/include/postgresql on Debian).
#include <libpq-fe.h>
#endif
