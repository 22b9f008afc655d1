#!/bin/bash
# Runs the whole test suite: every build configuration once, its `meson test`,
# and the fuzzers; ends with "tests: N passed, M failed, K skipped" (skipped
# tests are named per configuration above it).
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
# SUITE_LABEL names the configuration in the summary when it is not NAME.
suite() {
    local name=$1 label=${SUITE_LABEL:-$1}
    if [ "${SUITE_ONLY_TESTED:-0}" != 1 ]; then
        echo "=== $name: build"
        if ! ninja -C "$root/$name" -j "$jobs" >"$root/$name.build.log" 2>&1; then
            tail -n 60 "$root/$name.build.log"
            echo "$label build 0 1 0" >>"$summary"
            return
        fi
    fi
    echo "=== $name: test"
    # A log left by an earlier run must not be counted for this one.
    rm -f "$root/$name/meson-logs/testlog.json"
    meson test -C "$root/$name" --num-processes "$jobs" --print-errorlogs "${@:2}" | tail -n 25
    /usr/bin/python3 scripts/failure_logs.py "$root/$name/meson-logs/testlog.json"
    /usr/bin/python3 scripts/count_tests.py "$root/$name/meson-logs/testlog.json" "$label" >>"$summary"
}

configure gcc -Dwerror=true -Dbuildtype=debugoptimized
suite gcc

# The OpenSSL 3 crypto backend, everything including the real clients.
# (Its ASan+UBSan build, -Db_sanitize=address,undefined -Db_lundef=false
# without the clients and examples suites, was run by hand when the backend
# was written; CI's time budget keeps it out of this script.)
configure openssl -Dcrypto=openssl -Dwerror=true -Dbuildtype=debugoptimized
# The backend differential replays its corpus on this build's module and the
# mbedTLS one of the gcc build (without it, the test is reported as skipped).
export P11FORGE_OTHER_BACKEND_MODULE
P11FORGE_OTHER_BACKEND_MODULE=$(realpath -m "$root/gcc/src/module/libp11forge.so")
suite openssl

# Everything under ASan+UBSan, except the suites whose programs we did not
# build (pkcs11-tool, Java, NSS ...): an instrumented module cannot be loaded
# into an uninstrumented process.  They run against the gcc build above.
configure asan -Dwerror=true -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
# The differential against the OpenSSL build's module: an uninstrumented
# library loads into an instrumented process (not the other way round), and
# the mbedTLS side then runs under ASan.
P11FORGE_OTHER_BACKEND_MODULE=$(realpath -m "$root/openssl/src/module/libp11forge.so")
suite asan --no-suite clients --no-suite examples
unset P11FORGE_OTHER_BACKEND_MODULE

# The threading tests under TSan; only what they need is built.
configure tsan -Dwerror=true -Dbuildtype=debug -Db_sanitize=thread -Db_lundef=false -Dpcsc=disabled
SUITE_ONLY_TESTED=1 suite tsan --suite threads

# Windows: the cross build (cross/x86_64-w64-mingw32.ini; the DLLs and
# programs link their C++ runtime statically) and, under wine64 (meson's
# exe_wrapper), the tests that are portable; tests/meson.build names what
# stays in the Linux configurations and why.  The module and the store build
# on the CNG crypto backend (the store tests run under wine), with PC/SC
# through winscard.dll loaded at run time.
# wine runs in a throwaway prefix inside the build directory.  scripts/deps.sh
# installs wine64 and mingw-w64; without them this stage fails by name.
windows_stage() {
    local dir="$root/win" start=$SECONDS
    local options=(-Dmodule=true -Dcrypto=cng -Dpcsc=auto -Dbench=disabled -Dwerror=true -Dbuildtype=debugoptimized)
    if [ ! -x /usr/lib/wine/wine64 ] || ! command -v x86_64-w64-mingw32-g++-posix >/dev/null; then
        echo "=== windows: /usr/lib/wine/wine64 or x86_64-w64-mingw32-g++-posix missing (wine64, g++-mingw-w64-x86-64: sh scripts/deps.sh)"
        echo "windows missing-wine64-or-mingw 0 1 0" >>"$summary"
        return
    fi
    if [ -f "$dir/build.ninja" ]; then
        meson configure "$dir" "${options[@]}" >/dev/null
    else
        meson setup "$dir" --cross-file cross/x86_64-w64-mingw32.ini "${options[@]}" >/dev/null
    fi
    # The tests' prefix (tests/meson.build's test setup): its wineserver,
    # and only its, is ended before and after, so none outlives the stage.
    export WINEPREFIX
    WINEPREFIX=$(realpath -m "$dir/wineprefix")
    /usr/lib/wine/wineserver64 -k >/dev/null 2>&1 || true
    # One wineserver for the whole run, and the prefix made before the tests:
    # tests started at once against a prefix without a server race to make
    # both, and a loser exits 1 within milliseconds, having run nothing.
    /usr/lib/wine/wineserver64 -p >/dev/null 2>&1 || true
    WINEDEBUG=-all /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
    SUITE_LABEL=windows suite win
    /usr/lib/wine/wineserver64 -k >/dev/null 2>&1 || true
    unset WINEPREFIX
    echo "=== windows: $((SECONDS - start))s"
}
windows_stage

if [ "$fuzz_seconds" -gt 0 ]; then
    fuzz_options=(-Dfuzzing=true -Dtests=false -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false)
    CXX=clang++-14 CC=clang-14 configure fuzz "${fuzz_options[@]}"
    # The backend differential's second module: only libp11forge.so, on OpenSSL.
    CXX=clang++-14 CC=clang-14 configure fuzz-openssl -Dcrypto=openssl "${fuzz_options[@]}"
    echo "=== fuzz: build"
    if ninja -C "$root/fuzz" -j "$jobs" >"$root/fuzz.build.log" 2>&1 &&
        ninja -C "$root/fuzz-openssl" -j "$jobs" src/module/libp11forge.so >>"$root/fuzz.build.log" 2>&1; then
        for target in "$root"/fuzz/fuzz/fuzz-* "$root"/fuzz/fuzz/p11forge-fuzz; do
            [ -f "$target" ] && [ -x "$target" ] || continue
            # The module fuzzer is the installed tool p11forge-fuzz; its corpus and results keep the name "module".
            name=${target##*/}
            [ "$name" = p11forge-fuzz ] && name=module || name=${name#fuzz-}
            work=$(mktemp -d)
            cp -r "fuzz/corpus/$name/." "$work/"
            echo "=== fuzz: $name for ${fuzz_seconds}s"
            run=("$target")
            # These drive our module (two builds of it for the differential), with throwaway tokens.
            case $name in
            # --check-returns: a code outside a function's list fails the run.
            module) run=(bash fuzz/run_module_fuzz.sh "$target" "$root/fuzz/src/module/libp11forge.so" --check-returns) ;;
            mechanism_params) run=(bash fuzz/run_module_fuzz.sh "$target" "$root/fuzz/src/module/libp11forge.so") ;;
            backend_diff)
                run=(bash fuzz/run_backend_diff.sh "$target" "$root/fuzz/src/module/libp11forge.so"
                    "$root/fuzz-openssl/src/module/libp11forge.so") ;;
            esac
            # A finding's input goes next to the log, not into the source tree.
            if "${run[@]}" -max_total_time="$fuzz_seconds" -print_final_stats=1 -artifact_prefix="$root/fuzz-$name-" "$work" \
                >"$root/fuzz-$name.log" 2>&1; then
                grep -E 'stat::number_of_executed_units' "$root/fuzz-$name.log" || true
                echo "fuzz-$name fuzz 1 0 0" >>"$summary"
            else
                tail -n 40 "$root/fuzz-$name.log"
                echo "fuzz-$name fuzz 0 1 0" >>"$summary"
            fi
            rm -rf "$work"
        done
    else
        tail -n 60 "$root/fuzz.build.log"
        echo "fuzz build 0 1 0" >>"$summary"
    fi
fi

# A configuration that passed fewer tests than scripts/minimum-tests says
# lost a tier silently: that is a failure of its own.
while read -r name minimum; do
    case $name in '' | '#'*) continue ;; esac
    [ "$name" = fuzz ] && [ "$fuzz_seconds" -eq 0 ] && continue
    ran=$(awk -v n="$name" '$1 == n || $2 == n { p += $3 } END { print p + 0 }' "$summary")
    if [ "$ran" -lt "$minimum" ]; then
        echo "=== $name passed $ran tests, fewer than its minimum of $minimum (scripts/minimum-tests)"
        echo "minimum-$name count 0 1 0" >>"$summary"
    fi
done <scripts/minimum-tests

echo "=== summary"
# Skipped tests are counted and named: a test that could not run is not a pass.
awk '{ printf "%-24s %4d passed %4d failed %4d skipped%s\n", $1, $3, $4, $5, ($6 == "" ? "" : " (" $6 ")")
       p += $3; f += $4; s += $5 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
