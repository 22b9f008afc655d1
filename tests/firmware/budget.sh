#!/bin/sh
# Links the budget program (size_main.cpp + firmware_tu.cpp) for a Cortex-M4,
# with or without names (P11_NO_NAMES), prints its flash and RAM as
# arm-none-eabi-size reports them, and fails above the budget of
# docs/firmware.md.  Usage: budget.sh SOURCE_ROOT OUTPUT_DIR names|no-names
set -eu
src=$1
out=$2
variant=$3
# Bytes.  The goals of the firmware issue: 40 KB with names, 16 KB without.
# Static RAM is the program's own three variables: the core keeps none.
case $variant in
names) define= flash_budget=40960 ram_budget=64 ;;
no-names) define=-DP11_NO_NAMES flash_budget=16384 ram_budget=64 ;;
*) echo "unknown variant $variant" >&2; exit 2 ;;
esac
image=$out/budget-$variant.elf
# link.sh fails on exception, RTTI or heap symbols, and skips without newlib.
# shellcheck disable=SC2086
sh "$src/tests/firmware/link.sh" "$src" "$image" $define \
    "$src/tests/firmware/firmware_tu.cpp" "$src/tests/firmware/size_main.cpp"
arm-none-eabi-size "$image"
if [ "$variant" = no-names ]; then
    # Without names only the identities of the two families whose rows the
    # program reads are left (profile admissions name a family by its first
    # row, constants/table.hpp family_id); any other name leaked.
    arm-none-eabi-objcopy -O binary -j .text "$image" "$out/budget-no-names.text"
    if arm-none-eabi-strings -n 4 "$out/budget-no-names.text" | grep -E 'CK[A-Z]?_[A-Z0-9_]+' |
        grep -vxE 'CKA_CLASS|CKR_OK'; then
        echo "names left in the image although P11_NO_NAMES is defined (above)" >&2
        exit 1
    fi
fi
# Berkeley format: text (code and constants) and data are flash, data and bss RAM.
set -- $(arm-none-eabi-size "$image" | awk 'NR == 2 { print $1, $2, $3 }')
flash=$(($1 + $2))
ram=$(($2 + $3))
echo "$variant: flash $flash bytes (budget $flash_budget), static RAM $ram bytes (budget $ram_budget)"
if [ "$flash" -gt "$flash_budget" ] || [ "$ram" -gt "$ram_budget" ]; then
    echo "over budget" >&2
    exit 1
fi
