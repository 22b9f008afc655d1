#!/bin/sh
# Builds a throwaway project that takes p11forge as a Meson subproject and
# finds it with dependency('p11forge') (meson.override_dependency).
. "$(dirname "$0")/subproject_work.sh"
cp "$src/tests/packaging/consumer.cpp" "$work/"
cat > "$work/meson.build" <<'MESON'
project('consumer', 'cpp', default_options: ['cpp_std=c++20'])
# The header-only core, as a consumer takes it: every compiled part off.
subproject('p11forge', default_options: ['module=false', 'tools=false', 'examples=false', 'bench=disabled',
                                         'fuzz=false', 'tests=false'])
executable('consumer', 'consumer.cpp', dependencies: dependency('p11forge'))
MESON
meson setup "$work/build" "$work" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
ninja -C "$work/build" consumer >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
out=$("$work/build/consumer")
echo "$out"
[ "$out" = "CKM_AES_GCM valid" ]
