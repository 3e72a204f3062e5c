/* extract.c - placeholder until the module lands. */
#include "config.h"
#include "luoshi/extract.h"
