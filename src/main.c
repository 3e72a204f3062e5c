/* main.c - entry point. */
#include "config.h"

#include "luoshi/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
