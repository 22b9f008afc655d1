#!/bin/bash
# Runs a command with libp11forge.so's token in a throwaway directory.
#   with_token_dir.sh COMMAND [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/module_env.sh"
module_env p11forge "$work"
"$@"
