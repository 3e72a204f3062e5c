/* cli.h - the command line: every operation, non-interactively. */
#ifndef LUOSHI_CLI_H
#define LUOSHI_CLI_H

/* Run luoshi with argv; returns the exit status (0 ok, 1 user error, 2 usage). */
int cli_main(int argc, char **argv);

#endif
