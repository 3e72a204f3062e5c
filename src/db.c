/* db.c - placeholder until the module lands. */
#include "config.h"
#include "luoshi/db.h"
