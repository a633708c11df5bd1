#ifndef MESHDIFF_CLIBYAML_SHIM_H
#define MESHDIFF_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
