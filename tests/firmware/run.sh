#!/bin/sh
# Builds the firmware translation unit for a Cortex-M4 and prints the object's
# section sizes (text+data = flash).  Usage: run.sh SOURCE_ROOT OUTPUT_DIR
set -eu
src=$1
out=$2
mkdir -p "$out"
arm-none-eabi-g++ -mcpu=cortex-m4 -mthumb -std=c++20 -Os -fno-exceptions -fno-rtti \
    -ffunction-sections -fdata-sections -Wall -Wextra -Werror \
    -I"$src/include" -c "$src/tests/firmware/firmware_tu.cpp" -o "$out/firmware_tu.o"
arm-none-eabi-size -A "$out/firmware_tu.o" | awk '$1 ~ /^\.(text|rodata|data)/ { flash += $2 } END { print "flash bytes (text+rodata+data):", flash }'
# Nothing from the C++ runtime that firmware lacks may be referenced.
if arm-none-eabi-nm -u "$out/firmware_tu.o" | grep -E '__cxa_throw|__gxx_personality|typeinfo|_Znw|_Znam|malloc'; then
    echo "firmware TU references exceptions, RTTI or the heap" >&2
    exit 1
fi
