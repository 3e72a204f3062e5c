/* export.c - placeholder until the module lands. */
#include "config.h"
#include "luoshi/export.h"
