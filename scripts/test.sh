#!/bin/bash
# Runs the whole test suite: every build configuration once, its `meson test`,
# and the fuzzers; ends with "tests: N passed, M failed".
#   FUZZ_SECONDS=60 (default) seconds per fuzzer; 0 skips fuzzing.
#   BUILD_ROOT=builds (default) where the build directories live.
set -uo pipefail
cd "$(dirname "$0")/.."
sh scripts/deps.sh

# A sanitizer finding fails the test that triggered it (UBSan would only
# print and carry on).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}

root=${BUILD_ROOT:-builds}
fuzz_seconds=${FUZZ_SECONDS:-60}
jobs=$(nproc)
mkdir -p "$root"
summary="$root/summary.txt"
: >"$summary"

# configure NAME [meson options...]: set up (or reconfigure) one build directory.
configure() {
    local name=$1
    shift
    if [ -f "$root/$name/build.ninja" ]; then
        meson configure "$root/$name" "$@" >/dev/null
    else
        meson setup "$root/$name" "$@" >/dev/null
    fi
}

# suite NAME [meson test options...]: build and run one configuration's
# tests, recording the counts.  With SUITE_ONLY_TESTED=1 only what the
# selected tests need is built (meson test builds their dependencies).
suite() {
    local name=$1
    if [ "${SUITE_ONLY_TESTED:-0}" != 1 ]; then
        echo "=== $name: build"
        if ! ninja -C "$root/$name" -j "$jobs" >"$root/$name.build.log" 2>&1; then
            tail -n 60 "$root/$name.build.log"
            echo "$name build 0 1" >>"$summary"
            return
        fi
    fi
    echo "=== $name: test"
    meson test -C "$root/$name" --num-processes "$jobs" --print-errorlogs "${@:2}" | tail -n 25
    /usr/bin/python3 scripts/count_tests.py "$root/$name/meson-logs/testlog.json" "$name" >>"$summary"
}

configure gcc -Dwerror=true -Dbuildtype=debugoptimized
suite gcc

# The OpenSSL 3 crypto backend, everything including the real clients.
# (Its ASan+UBSan build, -Db_sanitize=address,undefined -Db_lundef=false
# without the clients and examples suites, was run by hand when the backend
# was written; CI's time budget keeps it out of this script.)
configure openssl -Dcrypto=openssl -Dwerror=true -Dbuildtype=debugoptimized
suite openssl

# Everything under ASan+UBSan, except the suites whose programs we did not
# build (pkcs11-tool, Java, NSS ...): an instrumented module cannot be loaded
# into an uninstrumented process.  They run against the gcc build above.
configure asan -Dwerror=true -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
suite asan --no-suite clients --no-suite examples

# The threading tests under TSan; only what they need is built.
configure tsan -Dwerror=true -Dbuildtype=debug -Db_sanitize=thread -Db_lundef=false -Dpcsc=disabled
SUITE_ONLY_TESTED=1 suite tsan --suite threads

if [ "$fuzz_seconds" -gt 0 ]; then
    CXX=clang++-14 CC=clang-14 configure fuzz -Dfuzzing=true -Dtests=false -Dbuildtype=debugoptimized \
        -Db_sanitize=address,undefined -Db_lundef=false
    echo "=== fuzz: build"
    if ninja -C "$root/fuzz" -j "$jobs" >"$root/fuzz.build.log" 2>&1; then
        for target in "$root"/fuzz/fuzz/fuzz-*; do
            [ -f "$target" ] && [ -x "$target" ] || continue
            name=${target##*/fuzz-}
            work=$(mktemp -d)
            cp -r "fuzz/corpus/$name/." "$work/"
            echo "=== fuzz: $name for ${fuzz_seconds}s"
            run=("$target")
            # The module fuzzer drives our module, with a throwaway token.
            [ "$name" = module ] && run=(bash fuzz/run_module_fuzz.sh "$target" "$root/fuzz/src/module/libp11forge.so")
            if "${run[@]}" -max_total_time="$fuzz_seconds" -print_final_stats=1 "$work" >"$root/fuzz-$name.log" 2>&1; then
                grep -E 'stat::number_of_executed_units' "$root/fuzz-$name.log" || true
                echo "fuzz-$name fuzz 1 0" >>"$summary"
            else
                tail -n 40 "$root/fuzz-$name.log"
                echo "fuzz-$name fuzz 0 1" >>"$summary"
            fi
            rm -rf "$work"
        done
    else
        tail -n 60 "$root/fuzz.build.log"
        echo "fuzz build 0 1" >>"$summary"
    fi
fi

echo "=== summary"
awk '{ printf "%-24s %4d passed %4d failed\n", $1, $3, $4; p += $3; f += $4 } END { printf "tests: %d passed, %d failed\n", p, f }' "$summary"
