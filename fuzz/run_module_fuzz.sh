#!/bin/bash
# Runs the module fuzzer (or its corpus replayer) against a module with a
# fresh, initialised token.   run_module_fuzz.sh BINARY MODULE [ARGS...]
# For our own module the token lives in a throwaway P11FORGE_TOKEN_DIR.
set -euo pipefail
binary=$1 module=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export P11FORGE_TOKEN_DIR=$work/token
# The software token only: card slots would make runs depend on the machine.
export P11FORGE_PCSC=0
printf 'kdf_iterations = 1000\n' >"$work/p11forge.conf"
export P11FORGE_CONF=$work/p11forge.conf
export P11FORGE_FUZZ_MODULE=$module P11FORGE_FUZZ_PIN=123456 P11FORGE_FUZZ_SO_PIN=12345678
exec "$binary" "$@"
