#!/bin/bash
# p11forge-fuzz --check-returns must pass a module that keeps to the
# specification's lists and fail one that does not.
#   check_returns.sh BINARY MODULE EXPECT [ARGS...]
# EXPECT is "clean" (exit 0, no function outside its list) or
# "FUNCTION CODE": exit 1 and the report names CODE outside FUNCTION's list.
# The corpus replayer takes no options, so the mode is switched on through
# P11FORGE_FUZZ_CHECK_RETURNS, which p11forge-fuzz reads as --check-returns.
set -uo pipefail
binary=$1 module=$2 expect=$3
shift 3
out=$(P11FORGE_FUZZ_CHECK_RETURNS=1 bash "$(dirname "$0")/run_module_fuzz.sh" "$binary" "$module" "$@" 2>&1)
status=$?
echo "$out"
grep -q '^p11forge-fuzz: return codes per function' <<<"$out" || { echo "FAIL: no report"; exit 1; }
if [ "$expect" = clean ]; then
    [ "$status" -eq 0 ] || { echo "FAIL: exit status $status, expected 0"; exit 1; }
    grep -q '^p11forge-fuzz: 0 function(s) returned codes outside' <<<"$out" || { echo "FAIL: violations reported"; exit 1; }
else
    read -r function code <<<"$expect"
    [ "$status" -eq 1 ] || { echo "FAIL: exit status $status, expected 1"; exit 1; }
    # The report line: "FUNCTION  CALLS  seen codes | codes outside the list".
    grep -qE "^$function +[0-9]+ .*\| (.*, )?$code(,|$)" <<<"$out" ||
        { echo "FAIL: the report does not name $code outside $function's list"; exit 1; }
fi
