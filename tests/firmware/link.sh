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
if [ "$(arm-none-eabi-g++ -print-file-name=libc_nano.a)" = libc_nano.a ]; then
    echo "SKIP: newlib nano missing (libnewlib-arm-none-eabi, libstdc++-arm-none-eabi-newlib: sh scripts/deps.sh)"
    exit 77
fi
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
