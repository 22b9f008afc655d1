#!/bin/sh
# Compiles the firmware translation unit for a Cortex-M4 and prints the
# object's section sizes (text+data = flash).  budget.sh links it into an
# image; this checks what the object itself refers to.
# Usage: run.sh SOURCE_ROOT OUTPUT_DIR
set -eu
src=$1
out=$2
. "$src/tests/firmware/flags.sh"
mkdir -p "$out"
# shellcheck disable=SC2086
arm-none-eabi-g++ $fw_cxxflags -I"$src/include" -c "$src/tests/firmware/firmware_tu.cpp" -o "$out/firmware_tu.o"
arm-none-eabi-size -A "$out/firmware_tu.o" |
    awk '$1 ~ /^\.(text|rodata|data)/ { flash += $2 } END { print "flash bytes (text+rodata+data):", flash }'
# Nothing from the C++ runtime that firmware lacks may be referenced.
if arm-none-eabi-nm -u "$out/firmware_tu.o" | grep -E "$fw_forbidden"; then
    echo "firmware TU references exceptions, RTTI or the heap" >&2
    exit 1
fi
