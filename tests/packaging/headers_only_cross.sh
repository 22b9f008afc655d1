#!/bin/sh
# -Dheaders_only=true from a cross toolchain (mingw-w64, the one this
# machine has): it configures with no dependency but threads, and builds
# nothing, so a project that takes p11forge as a subproject needs neither
# mbedTLS, OpenSSL, PC/SC nor Catch2 built for its target.
set -eu
src=$(cd "$1" && pwd)
command -v x86_64-w64-mingw32-g++-posix >/dev/null || { echo "SKIP: no mingw-w64 (g++-mingw-w64-x86-64)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
meson setup "$work/build" "$src" --cross-file "$src/cross/x86_64-w64-mingw32.ini" -Dheaders_only=true \
    >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
looked=$(grep -E 'dependency [^ ]+ ' "$work/setup.log" | grep -v 'dependency threads ' || true)
[ -z "$looked" ] || { echo "headers_only looked for: $looked"; exit 1; }
ninja -C "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
grep -q 'no work to do' "$work/build.log" || { cat "$work/build.log"; echo "headers_only built something"; exit 1; }
echo "configured for x86_64-w64-mingw32 with threads only; nothing to build"
