/* utf8.c - placeholder until the module lands. */
#include "config.h"
#include "luoshi/utf8.h"
