/* cli.c - placeholder */
#include "config.h"
#include "luoshi/cli.h"
int cli_main(int argc, char **argv) { (void)argc; (void)argv; return 0; }
