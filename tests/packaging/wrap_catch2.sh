#!/bin/sh
# subprojects/catch2.wrap without the network: a throwaway project with the
# wrap, its tarball's directory already in place (Debian's catch2 header as
# single_include/, the wrap's packagefiles laid over it, as meson does after
# a download), and a Catch2 test built with dependency('catch2') forced to
# the fallback.  Checks the [provide] name and packagefiles/catch2.
set -eu
src=$(cd "$1" && pwd)
header=/usr/include/catch2/catch.hpp
[ -f "$header" ] || { echo "SKIP: $header missing (catch2)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$(sed -n 's/^directory = //p' "$src/subprojects/catch2.wrap")
mkdir -p "$work/subprojects/$dir/single_include/catch2"
cp "$src/subprojects/catch2.wrap" "$work/subprojects/"
cp "$src/subprojects/packagefiles/catch2/meson.build" "$work/subprojects/$dir/"
ln -s "$header" "$work/subprojects/$dir/single_include/catch2/catch.hpp"
cat > "$work/t.cpp" <<'CPP'
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
TEST_CASE("the wrap's Catch2 runs") { CHECK(1 + 1 == 2); }
CPP
cat > "$work/meson.build" <<'MESON'
project('t', 'cpp', default_options: ['cpp_std=c++20'])
executable('t', 't.cpp', dependencies: dependency('catch2'))
MESON
meson setup "$work/build" "$work" --force-fallback-for=catch2 --wrap-mode=nodownload >"$work/setup.log" 2>&1 ||
    { cat "$work/setup.log"; exit 1; }
grep -q "Dependency catch2 from subproject" "$work/setup.log" ||
    { cat "$work/setup.log"; echo "catch2 did not come from the wrap"; exit 1; }
ninja -C "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
"$work/build/t"
