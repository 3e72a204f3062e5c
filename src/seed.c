/* seed.c - access to the compiled-in sample document. */
#include "config.h"
#include "luoshi/seed.h"

extern const unsigned char luoshi_seed_bytes[];
extern const size_t luoshi_seed_size;

const unsigned char *seed_bytes(size_t *len)
{
	*len = luoshi_seed_size;
	return luoshi_seed_bytes;
}
