#!/bin/sh
# Generate ./configure from configure.ac (needs autoconf, automake, pkg-config, gettext's m4 files).
set -e
cd "$(dirname "$0")"
mkdir -p build-aux
# AM_ICONV needs config.rpath, which gettext ships but autoreconf does not copy.
for f in /usr/share/gettext/config.rpath /usr/local/share/gettext/config.rpath; do
	[ -f "$f" ] && cp "$f" build-aux/config.rpath && break
done
[ -f build-aux/config.rpath ] || { echo "autogen.sh: config.rpath not found (install gettext)" >&2; exit 1; }
autoreconf --install --force
# automake does not install the TAP driver by itself.
cp "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
