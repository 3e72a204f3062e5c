#!/bin/sh
# Generate ./configure from configure.ac (needs autoconf, automake,
# pkg-config, gettext and autopoint). autoreconf runs autopoint, which
# installs gettext's po/Makefile.in.in, its m4 files and config.rpath.
set -e
cd "$(dirname "$0")"
command -v autopoint >/dev/null ||
	{ echo "autogen.sh: autopoint not found (Debian: apt-get install autopoint gettext)" >&2; exit 1; }
mkdir -p build-aux
autoreconf --install --force
# automake does not install the TAP driver by itself.
cp "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
