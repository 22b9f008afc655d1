#!/bin/bash
# Runs the module fuzzer (or its corpus replayer) against a module with a
# fresh, initialised token.   run_module_fuzz.sh BINARY MODULE [ARGS...]
# MODULE may be libp11forge.so or SoftHSMv2 (module_token_env.sh sets up a
# throwaway token for both).  Not exec'd, so that the exit trap removes it.
set -euo pipefail
binary=$1 module=$2
shift 2
# shellcheck source-path=SCRIPTDIR source=module_token_env.sh
source "$(dirname "$0")/module_token_env.sh"
export P11FORGE_FUZZ_MODULE=$module
"$binary" "$@"
