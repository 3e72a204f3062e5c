/* fmt_dump.c - print the text luoshi reads from FILE (as `luoshi import`
 * would hand it to the structure parser), for the format tests:
 * fmt_dump [--format KIND] FILE; the label goes to stderr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/fmt.h"

int main(int argc, char **argv)
{
	int kind = FMT_AUTO;
	if (argc == 4 && strcmp(argv[1], "--format") == 0) {
		kind = fmt_parse_name(argv[2]);
		argv += 2, argc -= 2;
	}
	if (argc != 2 || kind < 0) {
		fprintf(stderr, "usage: fmt_dump [--format KIND] FILE\n");
		return 2;
	}
	char label[ENC_NAME_MAX], *text;
	size_t len;
	if (fmt_read_file(argv[1], (enum fmt_kind)kind, NULL, label, &text, &len) != LU_OK) {
		fprintf(stderr, "%s\n", lu_errmsg());
		return 1;
	}
	fwrite(text, 1, len, stdout);
	fprintf(stderr, "%s\n", label);
	free(text);
	return 0;
}
