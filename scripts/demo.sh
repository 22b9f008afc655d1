#!/bin/bash
# The README's first command: installs what is missing (Debian 12), builds,
# and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
sh scripts/deps.sh
root=${BUILD_ROOT:-builds}
[ -f "$root/gcc/build.ninja" ] || meson setup "$root/gcc" -Dwerror=true >/dev/null
# The seed page's example flow on a throwaway software token that seed-demo
# fills with a small PKI: slots, certificates, the rules, the choice,
# sign/verify, encrypt/decrypt, wrap/unwrap.
ninja -C "$root/gcc" examples/seed-demo src/module/libp11forge.so >/dev/null
# Two signing certificates pass the rules: on a terminal the dialog asks;
# without one (CI, a pipe) the answer is given, as a script must.
if [ -t 0 ]; then
    "$root/gcc/examples/seed-demo"
else
    "$root/gcc/examples/seed-demo" --choose 2
fi
