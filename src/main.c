/* main.c - entry point: the locale and the text domain, then the command
 * line (which opens the screens when no command is given). */
#include "config.h"

#include "luoshi/cli.h"
#include "luoshi/i18n.h"

int main(int argc, char **argv)
{
	i18n_init();
	return cli_main(argc, argv);
}
