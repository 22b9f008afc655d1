#!/bin/sh
# A module author's project that takes p11forge as a Meson subproject with
# nothing compiled (headers_only) and builds the hello module
# (examples/provider/hello.cpp) with dependency('p11forge-provider') alone.
. "$(dirname "$0")/subproject_work.sh"
cp "$src/examples/provider/hello.cpp" "$work/"
cat > "$work/meson.build" <<'MESON'
project('hello', 'cpp', default_options: ['cpp_std=c++20'])
subproject('p11forge', default_options: ['headers_only=true'])
shared_module('hello', 'hello.cpp', dependencies: dependency('p11forge-provider'))
MESON
meson setup "$work/build" "$work" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
# headers_only must keep the compiled parts' dependency lookups out.
if grep -Ei 'dependency (mbedtls|mbedcrypto|libcrypto|libpcsclite|catch2) ' "$work/setup.log"; then
    echo "headers_only looked for a dependency of a compiled part"; exit 1
fi
ninja -C "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
sh "$src/tests/packaging/module_check.sh" "$src" "$work/build/libhello.so"
