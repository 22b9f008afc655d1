#!/bin/bash
# Runs the backend differential fuzzer (or its corpus replayer) on two builds
# of libp11forge.so, each with a fresh token directory.
#   run_backend_diff.sh BINARY MODULE_A MODULE_B [ARGS...]
# MODULE_B "-": the module named by P11FORGE_OTHER_BACKEND_MODULE (how
# scripts/test.sh hands the mbedTLS build's module to the OpenSSL build's
# tests).  No such module: exit 77, which meson reports as SKIP, by name.
set -euo pipefail
binary=$1 module_a=$2 module_b=$3
shift 3
[ "$module_b" = - ] && module_b=${P11FORGE_OTHER_BACKEND_MODULE:-}
if [ -z "$module_b" ] || [ ! -f "$module_b" ]; then
    echo "SKIP: no module of the other crypto backend (set P11FORGE_OTHER_BACKEND_MODULE)" >&2
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/a" "$work/b"
# The software token only: card slots would make runs depend on the machine.
export P11FORGE_PCSC=0
printf 'kdf_iterations = 1000\n' >"$work/p11forge.conf"
export P11FORGE_CONF=$work/p11forge.conf
export P11FORGE_DIFF_MODULE_A=$module_a P11FORGE_DIFF_TOKEN_A=$work/a
export P11FORGE_DIFF_MODULE_B=$module_b P11FORGE_DIFF_TOKEN_B=$work/b
"$binary" "$@"
