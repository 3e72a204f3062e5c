/* sha256.c - placeholder until the module lands. */
#include "config.h"
#include "luoshi/sha256.h"
