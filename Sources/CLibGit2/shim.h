#ifndef MESHDIFF_CLIBGIT2_SHIM_H
#define MESHDIFF_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
