// The target is header-only; SwiftPM wants one C file to build it.
#include "BuildInfo.h"
