#!/bin/sh
# Installs p11forge's headers and pkg-config file into a staging prefix and
# compiles a consumer with nothing but `pkg-config --cflags p11forge`.
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Only the headers are installed for a consumer: every compiled part off.
meson setup "$work/build" "$src" --prefix="$work/prefix" -Dmodule=false -Dtools=false -Dexamples=false \
    -Dbench=disabled -Dfuzz=false -Dtests=false >"$work/setup.log" 2>&1 ||
    { cat "$work/setup.log"; exit 1; }
meson install -C "$work/build" --no-rebuild --tags devel >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
pc=$(find "$work/prefix" -name p11forge.pc | head -n 1)
[ -n "$pc" ] || { echo "p11forge.pc was not installed"; exit 1; }
cflags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags p11forge)
echo "pkg-config --cflags p11forge: $cflags"
# shellcheck disable=SC2086
${CXX:-c++} $cflags "$src/tests/packaging/consumer.cpp" -o "$work/consumer"
out=$("$work/consumer")
echo "$out"
[ "$out" = "CKM_AES_GCM valid" ]
