#!/bin/bash
# The README's first command: installs what is missing (Debian 12), builds,
# and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
sh scripts/deps.sh
root=${BUILD_ROOT:-builds}
[ -f "$root/gcc/build.ninja" ] || meson setup "$root/gcc" -Dwerror=true >/dev/null
# The seed page's example flow on the software token: slots, certificates,
# sign/verify, encrypt/decrypt, wrap/unwrap (a throwaway token, no setup).
ninja -C "$root/gcc" examples/seed-demo src/module/libp11forge.so >/dev/null
"$root/gcc/examples/seed-demo"
