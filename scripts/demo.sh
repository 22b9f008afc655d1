#!/bin/bash
# The README's first command: installs what is missing (Debian 12), builds,
# and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
sh scripts/deps.sh
root=${BUILD_ROOT:-builds}
[ -f "$root/gcc/build.ninja" ] || meson setup "$root/gcc" -Dwerror=true >/dev/null
ninja -C "$root/gcc" tools/p11forge-info >/dev/null
for c in CKM_AES_GCM CKA_ALWAYS_AUTHENTICATE CKR_ACTION_PROHIBITED; do
    "$root/gcc/tools/p11forge-info" "$c"
done
