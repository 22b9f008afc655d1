#!/bin/sh
# Links a Cortex-M4 image for QEMU's mps2-an386 against newlib nano/nosys,
# with the startup of examples/firmware, and fails if the image carries the
# exception runtime, RTTI or the heap.
# Usage: link.sh SOURCE_ROOT IMAGE [-DMACRO ...] SOURCE ...
set -eu
src=$1
image=$2
shift 2
. "$src/tests/firmware/flags.sh"
# A missing newlib is a skip that names the package, not a link error.
for lib in libc_nano.a libstdc++_nano.a; do
    # shellcheck disable=SC2086
    if [ "$(arm-none-eabi-g++ $fw_cxxflags -print-file-name=$lib)" = $lib ]; then
        echo "SKIP: $lib missing (libnewlib-arm-none-eabi, libstdc++-arm-none-eabi-newlib: sh scripts/deps.sh)"
        exit 77
    fi
done
fw=$src/examples/firmware
mkdir -p "$(dirname "$image")"
# shellcheck disable=SC2086
arm-none-eabi-g++ $fw_cxxflags -I"$src/include" -I"$fw" "$@" "$fw/startup.cpp" "$fw/semihosting.cpp" \
    --specs=nano.specs --specs=nosys.specs -nostartfiles -T"$fw/mps2_an386.ld" -Wl,--gc-sections \
    -o "$image"
if arm-none-eabi-nm "$image" | grep -E "$fw_forbidden"; then
    echo "$image carries exceptions, RTTI or the heap (symbols above)" >&2
    exit 1
fi
