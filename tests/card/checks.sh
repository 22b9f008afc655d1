# Shared by the card test scripts (sourced inside the rig): named checks
# with their own logs, and a look at the card's APDU log; need_rig before.

# need_rig FILE...: exits 77 (skipped, with the reason) unless the rig can run:
# root, pcscd, vpcd, opensc-tool and the FILEs given, no system pcscd.
need_rig() {
    local f
    if [ "$(id -u)" != 0 ] && ! [ -w /run/pcscd ]; then echo "SKIP: the rig needs root"; exit 77; fi
    for f in /usr/sbin/pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so /usr/bin/opensc-tool "$@"; do
        [ -e "$f" ] || { echo "SKIP: $f missing (sh scripts/deps.sh)"; exit 77; }
    done
    if pgrep -x pcscd >/dev/null; then echo "SKIP: a system pcscd is running"; exit 77; fi
}

# The response to the last '>' line before the first GENERAL AUTHENTICATE with
# key P2 after line FROM of the card log: "<command> <response>".
apdu_before_auth() {
    awk -v from="$1" -v key="$2" 'NR > from && /^>/ { cmd = $2 }
        NR > from && /^</ { if (substr(cmd, 1, 4) == "0087" && substr(cmd, 7, 2) == key) { print prev; exit }
                            prev = cmd " " $2 }' "$P11_PIV_LOG"
}

# clients_env: $work (made here) holds the test's files; our module's software
# token (slot 0) and certificate cache live there, PC/SC on; OpenSC runs
# without its file cache, so that its APDU counts do not depend on earlier
# runs or on /etc.
clients_env() {
    mkdir -p "$work"
    export P11FORGE_TOKEN_DIR=$work/softtoken P11FORGE_CACHE_DIR=$work/card-cache
    unset P11FORGE_PCSC P11FORGE_PCSC_LIBRARY P11FORGE_CARD_CACHE
    printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
    export OPENSC_CONF=$work/opensc.conf
}

results=()
failed=0
# check NAME DESCRIPTION FUNCTION: runs FUNCTION with `set -e`, its output in
# $work/NAME.log, shown on failure; exit 77 from FUNCTION is a skip.
check() {
    local name=$1 what=$2 fn=$3 log="$work/$1.log" rc
    # Not inside `if`: bash ignores set -e in a condition, even in a subshell.
    (set -eE; trap 'echo "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR; "$fn") >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        results+=("PASS  $name: $what")
    elif [ "$rc" -eq 77 ]; then
        results+=("SKIP  $name: $what ($(tail -1 "$log"))")
    else
        results+=("FAIL  $name: $what")
        failed=$((failed + 1))
        printf -- '--- %s failed:\n' "$name"
        sed 's/^/    /' "$log"
    fi
}

apdus() { grep -c '^>' "$P11_PIV_LOG"; }

# count WHAT COMMAND...: the APDUs (and wall time) COMMAND needs, counted in
# the card's log from a freshly reset card (no application selected, PIN not
# verified), so the numbers do not depend on the checks before.
counts=()
count() {
    local what=$1 before after t0 t1
    shift
    opensc-tool --reader "$P11_PIV_READER" --reset cold >/dev/null 2>&1
    before=$(apdus)
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { results+=("FAIL  count: $what"); failed=$((failed + 1)); }
    t1=$(date +%s%N)
    after=$(apdus)
    counts+=("$(printf '%4d APDUs %6d ms  %s' $((after - before)) $(((t1 - t0) / 1000000)) "$what")")
}
