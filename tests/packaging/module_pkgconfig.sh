#!/bin/sh
# A module author's build with nothing but pkg-config: p11forge installed
# headers-only into a staging prefix, the hello module
# (examples/provider/hello.cpp) compiled and linked with
# `pkg-config --cflags --libs p11forge-provider`.
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
meson setup "$work/build" "$src" --prefix="$work/prefix" -Dheaders_only=true >"$work/setup.log" 2>&1 ||
    { cat "$work/setup.log"; exit 1; }
meson install -C "$work/build" --no-rebuild >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
pc=$(find "$work/prefix" -name p11forge-provider.pc | head -n 1)
[ -n "$pc" ] || { echo "p11forge-provider.pc was not installed"; exit 1; }
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs p11forge-provider)
echo "pkg-config --cflags --libs p11forge-provider: $flags"
# shellcheck disable=SC2086
${CXX:-c++} -shared -fPIC "$src/examples/provider/hello.cpp" -o "$work/libhello.so" $flags
sh "$src/tests/packaging/module_check.sh" "$src" "$work/libhello.so"
