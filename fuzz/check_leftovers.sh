#!/bin/bash
# The module fuzzer must leave a fresh token as empty as it found it.
#   check_leftovers.sh BINARY MODULE EXPECT [ARGS...]
# runs BINARY (the corpus replayer, or p11forge-fuzz with libFuzzer ARGS)
# against MODULE with a new token, then counts the token's objects with
# pkcs11-tool, a client independent of the driver.  EXPECT is "clean" (no
# module leftovers reported) or "reports-leftovers": the module is known to
# keep objects when C_CreateObject fails (SoftHSMv2 2.6.1), and the driver
# must name them and still end with an empty token.
# Exit 77 (skipped) without pkcs11-tool or the module.
set -euo pipefail
binary=$1 module=$2 expect=$3
shift 3
command -v pkcs11-tool >/dev/null || { echo "pkcs11-tool missing"; exit 77; }
[ -e "$module" ] || { echo "$module missing"; exit 77; }
# shellcheck source-path=SCRIPTDIR source=module_token_env.sh
source "$(dirname "$0")/module_token_env.sh"
export P11FORGE_FUZZ_MODULE=$module
"$binary" "$@" 2>"$work/driver.log" || { cat "$work/driver.log"; echo "the driver failed"; exit 1; }
listing=$(pkcs11-tool --module "$module" --login --pin "$P11FORGE_FUZZ_PIN" --list-objects 2>&1) ||
    { echo "$listing"; echo "pkcs11-tool could not list the token"; exit 1; }
# pkcs11-tool starts each object with an unindented "Data object ...",
# "Secret Key Object; ..." line; its other lines are indented or "Using slot".
objects=$(grep -ciE '^[a-z ]+ object' <<<"$listing" || true)
reported=$(grep -c 'object(s) remained after' "$work/driver.log" || true)
echo "objects on the token after the run: $objects; leftover findings: $reported"
grep 'remained after\|left behind' "$work/driver.log" || true
[ "$objects" -eq 0 ] || { echo "$listing"; echo "FAIL: the run left objects on the token"; exit 1; }
case $expect in
clean) [ "$reported" -eq 0 ] || { echo "FAIL: the module left objects behind failed calls"; exit 1; } ;;
reports-leftovers)
    [ "$reported" -gt 0 ] || {
        echo "FAIL: expected the driver to report objects this module keeps after a failed C_CreateObject"
        echo "(if a newer module no longer keeps them, update this test and docs/fuzzing.md)"
        exit 1
    } ;;
*) echo "EXPECT must be clean or reports-leftovers"; exit 2 ;;
esac
