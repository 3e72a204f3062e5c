/* fmt_ofd.c - placeholder until the OFD reader lands. */
#include "config.h"
#include "luoshi/fmt.h"

enum lu_status fmt_ofd_text(const char *name, const unsigned char *buf, size_t n, char **text,
			    size_t *len)
{
	return lu_error(LU_ERR, "%s is an OFD document, which luoshi does not read yet", name);
}
