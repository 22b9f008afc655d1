# shellcheck shell=bash
# Common functions of the real-client conformance tests (tests/clients/).
#
# A test script sources this file, declares its known failures and calls
#     p11_setup MODULE KIND        # KIND: softhsm | p11forge | provider
# which creates a private temporary directory with a fresh token directory
# (never the user's real one), exports what the module needs to find it, and
# installs the cleanup trap.  Then the script runs its checks:
#     p11_check NAME "what it asserts" FUNCTION [ARGS...]
# Each check runs FUNCTION in a subshell with `set -e`, its output going to a
# log that is printed when the check does not pass.  Checks share state only
# through the token and files under $P11_TMP.  The script ends with
#     p11_finish
# which prints the summary and exits 1 if a check failed or a known failure
# unexpectedly passed.
#
# Known failures: a script declares, per module kind, an associative array
#     declare -A KNOWN_FAILURES_softhsm=([check-name]="why it fails")
#     declare -A KNOWN_FAILURES_p11forge=()
# A failing check listed for the current kind is reported as XFAIL (with the
# reason) and does not fail the test; a listed check that passes is reported
# as XPASS and fails the test, so the lists stay true (unless its reason
# starts with "sometimes:", for a failure that comes and goes).  More names can be
# marked from the environment: P11_XFAIL="name1 name2" (for a module under
# development).
#
# Environment understood:
#   P11_KEEP_TMP=1    keep the temporary directory (its path is printed)
#   P11_VERBOSE=1     print the log of passing checks too
#   P11_XFAIL=...     extra known failures for this run

set -u
set -o pipefail

P11_SO_PIN=${P11_SO_PIN:-12345678}
P11_USER_PIN=${P11_USER_PIN:-123456}
P11_TOKEN_LABEL=${P11_TOKEN_LABEL:-p11forge-test}
export P11_CLIENTS_DIR
P11_CLIENTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
P11_PYTHON=${P11_PYTHON:-/usr/bin/python3}

P11_MODULE=
P11_KIND=
P11_TMP=
P11_TEST=$(basename "$0" .sh)
P11_RESULTS=()   # "STATUS<TAB>NAME<TAB>MILLISECONDS<TAB>DESCRIPTION"
P11_T_START=$(date +%s%N)

# ---------------------------------------------------------------- messages

p11_say() { printf '%s\n' "$*"; }

# p11_fail MESSAGE: fail the current check (inside p11_check) or the script.
p11_fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

# ERR trap inside checks: name the command that stopped the check.
p11_trace_err() {
    printf 'FAILED: exit status %s from: %s (line %s of %s)\n' "$1" "$BASH_COMMAND" "${BASH_LINENO[0]}" "${BASH_SOURCE[1]##*/}" >&2
}

# p11_abort MESSAGE: stop the whole script (setup could not be done).
p11_abort() {
    printf '%s: ABORT: %s\n' "$P11_TEST" "$*" >&2
    p11_summary
    exit 1
}

# ---------------------------------------------------------------- setup

# p11_require PROGRAM...: skip the whole test (exit 77, meson's SKIP) when a
# client is not installed.
p11_require() {
    local prog
    for prog in "$@"; do
        if ! command -v "$prog" >/dev/null 2>&1; then
            p11_say "SKIP: $prog is not installed"
            exit 77
        fi
    done
}

# p11_setup MODULE KIND: select the module, create the private token directory.
p11_setup() {
    if [ $# -lt 2 ]; then
        printf 'usage: %s MODULE.so softhsm|p11forge|provider\n' "$0" >&2
        exit 2
    fi
    P11_MODULE=$1
    P11_KIND=$2
    case "$P11_MODULE" in
    /*) ;;
    *) P11_MODULE=$(pwd)/$P11_MODULE ;;
    esac
    [ -f "$P11_MODULE" ] || { printf '%s: module %s does not exist\n' "$P11_TEST" "$P11_MODULE" >&2; exit 1; }
    p11_require pkcs11-tool openssl

    P11_TMP=$(mktemp -d "${TMPDIR:-/tmp}/p11c.XXXXXX") || exit 1
    trap p11_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -p "$P11_TMP/logs" "$P11_TMP/home" "$P11_TMP/tokens"
    # Clients read per-user configuration (p11-kit, GnuTLS, Java, OpenSSL);
    # a private HOME keeps the user's own out of the tests and vice versa.
    export HOME="$P11_TMP/home"
    export XDG_CONFIG_HOME="$P11_TMP/home/.config"
    export XDG_RUNTIME_DIR="$P11_TMP/home"
    unset OPENSSL_CONF PKCS11_MODULE_PATH P11_KIT_SERVER_ADDRESS SOFTHSM2_CONF P11FORGE_TOKEN_DIR

    case "$P11_KIND" in
    softhsm)
        cat >"$P11_TMP/softhsm2.conf" <<EOF
directories.tokendir = $P11_TMP/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
slots.mechanisms = ALL
library.reset_on_fork = false
EOF
        export SOFTHSM2_CONF="$P11_TMP/softhsm2.conf"
        ;;
    p11forge)
        export P11FORGE_TOKEN_DIR="$P11_TMP/tokens"
        ;;
    provider)
        # A module built on the provider framework by its author
        # (examples/provider): its tokens come with it, no directory to make.
        ;;
    *)
        printf '%s: unknown module kind %s (softhsm|p11forge|provider)\n' "$P11_TEST" "$P11_KIND" >&2
        exit 2
        ;;
    esac

    # The known failures of this kind, exported for helper programs
    # (one "name<TAB>reason" per line).
    P11_KNOWN_FAILURES=
    local name
    if declare -p "KNOWN_FAILURES_$P11_KIND" >/dev/null 2>&1; then
        local -n known="KNOWN_FAILURES_$P11_KIND"
        for name in "${!known[@]}"; do
            P11_KNOWN_FAILURES+="$name"$'\t'"${known[$name]}"$'\n'
        done
    fi
    for name in ${P11_XFAIL:-}; do
        P11_KNOWN_FAILURES+="$name"$'\t'"marked by P11_XFAIL"$'\n'
    done
    export P11_KNOWN_FAILURES

    p11_say "== $P11_TEST: module $P11_MODULE (kind $P11_KIND), temp dir $P11_TMP"
}

p11_cleanup() {
    local rc=$?
    local pid
    if [ -n "$P11_TMP" ] && [ -f "$P11_TMP/bg.pids" ]; then
        while read -r pid; do
            if kill -0 "$pid" 2>/dev/null; then
                kill "$pid" 2>/dev/null
                wait "$pid" 2>/dev/null
            fi
        done <"$P11_TMP/bg.pids"
    fi
    if [ -n "$P11_TMP" ] && [ -d "$P11_TMP" ]; then
        if [ "${P11_KEEP_TMP:-0}" = 1 ]; then
            p11_say "kept $P11_TMP"
        else
            rm -rf "$P11_TMP"
        fi
    fi
    exit "$rc"
}

# p11_bg_register PID: a background process to stop at exit (also when it
# was started inside a check, which runs in a subshell).
p11_bg_register() { printf '%s\n' "$1" >>"$P11_TMP/bg.pids"; }

# ---------------------------------------------------------------- running commands

# p11_run CMD...: run a command, log it and its output (also kept in
# $P11_TMP/last.out); fail the check with the output if it does not exit 0.
p11_run() {
    printf '+ %s\n' "$*"
    local rc=0
    "$@" >"$P11_TMP/last.out" 2>&1 || rc=$?
    cat "$P11_TMP/last.out"
    [ $rc -eq 0 ] || p11_fail "exit status $rc from: $*"
}

# p11_run_fails CMD...: the command must fail cleanly (exit 1..125 or 255;
# 126/127 mean it could not run, 128+N that a signal killed it).
p11_run_fails() {
    printf '+ (must fail) %s\n' "$*"
    local rc=0
    "$@" >"$P11_TMP/last.out" 2>&1 || rc=$?
    cat "$P11_TMP/last.out"
    [ $rc -ne 0 ] || p11_fail "succeeded but must fail: $*"
    [ $rc -lt 126 ] || [ $rc -eq 255 ] || p11_fail "exit status $rc (crash or signal) instead of a clean failure: $*"
}

# p11_expect [-i] PATTERN MESSAGE: the last output must match the extended
# regex (-i: ignoring case).
p11_expect() {
    local opt=-Eq
    if [ "$1" = -i ]; then
        opt=-Eiq
        shift
    fi
    grep $opt -- "$1" "$P11_TMP/last.out" || p11_fail "$2 (no match for /$1/ in the output above)"
}

# p11_expect_not PATTERN MESSAGE: the last output must not match.
p11_expect_not() {
    if grep -Eq -- "$1" "$P11_TMP/last.out"; then
        grep -E -- "$1" "$P11_TMP/last.out" | head -n 5 >&2
        p11_fail "$2"
    fi
}

# p11_same FILE1 FILE2 MESSAGE: the files must be identical.
p11_same() {
    cmp -s "$1" "$2" || p11_fail "$3 ($1 and $2 differ)"
}

# ---------------------------------------------------------------- pkcs11-tool helpers

# p11_tool ARGS...: pkcs11-tool on the module and the test token.
p11_tool() {
    pkcs11-tool --module "$P11_MODULE" --token-label "$P11_TOKEN_LABEL" "$@"
}

# p11_tool_user ARGS...: the same, logged in as the user.
p11_tool_user() {
    pkcs11-tool --module "$P11_MODULE" --token-label "$P11_TOKEN_LABEL" --login --pin "$P11_USER_PIN" "$@"
}

# p11_free_slot: the id of the first slot holding an uninitialised token.
p11_free_slot() {
    pkcs11-tool --module "$P11_MODULE" --list-slots 2>/dev/null | awk '
        /^Slot [0-9]+ \(0x[0-9a-fA-F]+\)/ { id = $3; gsub(/[():]/, "", id); next }
        /token state: *uninitialized/ && id != "" { print id; exit }'
}

# p11_slot_id [LABEL]: the id (hex 0x...) of the slot holding the token LABEL.
p11_slot_id() {
    local label=${1:-$P11_TOKEN_LABEL}
    pkcs11-tool --module "$P11_MODULE" --list-slots 2>/dev/null | awk -v want="$label" '
        /^Slot [0-9]+ \(0x[0-9a-fA-F]+\)/ { id = $3; gsub(/[():]/, "", id); next }
        /^ *token label *:/ { l = $0; sub(/^ *token label *: */, "", l); sub(/ +$/, "", l); if (l == want) { print id; exit } }'
}

# p11_init_token [LABEL]: initialise the first free token (SO PIN) and its user PIN.
p11_init_token() {
    local label=${1:-$P11_TOKEN_LABEL}
    p11_run pkcs11-tool --module "$P11_MODULE" --list-slots
    local slot
    slot=$(p11_free_slot)
    [ -n "$slot" ] || p11_fail "no slot with an uninitialised token (pkcs11-tool --list-slots above)"
    p11_run pkcs11-tool --module "$P11_MODULE" --slot "$slot" --init-token --label "$label" --so-pin "$P11_SO_PIN"
    p11_expect 'successfully initialized' "token initialisation not confirmed"
    p11_run pkcs11-tool --module "$P11_MODULE" --token-label "$label" --login --login-type so \
        --so-pin "$P11_SO_PIN" --init-pin --pin "$P11_USER_PIN"
    p11_expect 'PIN successfully initialized' "user PIN initialisation not confirmed"
    p11_run pkcs11-tool --module "$P11_MODULE" --token-label "$label" --list-token-slots
    p11_expect 'token initialized' "token not flagged CKF_TOKEN_INITIALIZED after C_InitToken"
    p11_expect 'PIN initialized' "token not flagged CKF_USER_PIN_INITIALIZED after C_InitPIN"
}

# p11_setup_token: the standard token, as the first check; aborts if it fails.
p11_setup_token() {
    p11_check init-token "C_InitToken and C_InitPIN through pkcs11-tool on a fresh token directory" \
        p11_init_token || p11_abort "the token could not be initialised"
}

# ---------------------------------------------------------------- checks and results

# p11_known NAME: prints the reason and succeeds if NAME is a known failure here.
p11_known() {
    local line
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        if [ "${line%%$'\t'*}" = "$1" ]; then
            printf '%s\n' "${line#*$'\t'}"
            return 0
        fi
    done <<<"${P11_KNOWN_FAILURES:-}"
    return 1
}

# p11_record STATUS NAME MS DESCRIPTION LOG: STATUS is PASS, FAIL or SKIP as
# observed; known failures turn FAIL into XFAIL and PASS into XPASS.
p11_record() {
    local status=$1 name=$2 ms=$3 desc=$4 log=${5:-}
    local reason
    if reason=$(p11_known "$name"); then
        case "$status" in
        FAIL) status=XFAIL ;;
        # A reason starting "sometimes:" is a failure that depends on timing
        # or memory layout (a crash in another program's exit-time code): a
        # pass is then no news.
        PASS) [[ $reason == sometimes:* ]] || status=XPASS ;;
        esac
    fi
    P11_RESULTS+=("$status"$'\t'"$name"$'\t'"$ms"$'\t'"$desc")
    local secs
    secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
    case "$status" in
    PASS)
        printf 'PASS  %-28s %6ss  %s\n' "$name" "$secs" "$desc"
        if [ "${P11_VERBOSE:-0}" = 1 ] && [ -n "$log" ]; then sed 's/^/      | /' "$log"; fi
        ;;
    SKIP)
        printf 'SKIP  %-28s %6ss  %s\n' "$name" "$secs" "$desc"
        ;;
    XFAIL)
        printf 'XFAIL %-28s %6ss  %s\n      known failure for %s: %s\n' "$name" "$secs" "$desc" "$P11_KIND" "$reason"
        if [ -n "$log" ]; then
            { grep -E '^FAILED' "$log" | head -n 3; grep -E '[Ee]rror|ERR|CKR_[A-Z_]+|Abort' "$log" | grep -Ev 'CKR_OK|^FAILED' | head -n 6; } | sed 's/^/      | /'
        fi
        ;;
    XPASS)
        printf 'XPASS %-28s %6ss  %s\n      listed as a known failure for %s (%s) but passed: remove it from the list\n' \
            "$name" "$secs" "$desc" "$P11_KIND" "$reason"
        ;;
    *)
        printf 'FAIL  %-28s %6ss  %s\n' "$name" "$secs" "$desc"
        if [ -n "$log" ]; then sed 's/^/      | /' "$log"; fi
        ;;
    esac
}

# p11_check NAME DESCRIPTION FUNCTION [ARGS...]: run one check; returns 0 if
# it passed (or failed as expected).
p11_check() {
    local name=$1 desc=$2
    shift 2
    local log="$P11_TMP/logs/$name.log"
    local t0 t1 rc
    t0=$(date +%s%N)
    (
        set -eE
        trap 'p11_trace_err $?' ERR
        "$@"
    ) >"$log" 2>&1
    rc=$?
    t1=$(date +%s%N)
    local ms=$(((t1 - t0) / 1000000))
    if [ $rc -eq 0 ]; then
        p11_record PASS "$name" "$ms" "$desc" "$log"
        p11_known "$name" >/dev/null && return 1
        return 0
    elif [ $rc -eq 77 ]; then
        local why
        why=$(grep -E '^SKIP: ' "$log" | tail -n 1 | sed 's/^SKIP: //')
        p11_record SKIP "$name" "$ms" "$desc -- ${why:-skipped}" "$log"
        return 0
    else
        p11_record FAIL "$name" "$ms" "$desc" "$log"
        p11_known "$name" >/dev/null && return 0
        return 1
    fi
}

# p11_skip REASON: inside a check, end it as skipped (e.g. the module does not
# claim the mechanism).  Only for features the module does not claim.
p11_skip() {
    printf 'SKIP: %s\n' "$*"
    exit 77
}

# p11_import_results FILE: record "RESULT <name> <PASS|FAIL|SKIP> <ms> <text>"
# lines written by a helper program (PyKCS11, Java); the lines printed since
# the previous RESULT line become that result's log.
p11_import_results() {
    local file=$1 chunk="$P11_TMP/logs/chunk.$$" line
    : >"$chunk"
    while IFS= read -r line; do
        if [[ "$line" =~ ^RESULT\ ([^ ]+)\ (PASS|FAIL|SKIP)\ ([0-9]+)\ ?(.*)$ ]]; then
            local name=${BASH_REMATCH[1]} st=${BASH_REMATCH[2]} ms=${BASH_REMATCH[3]} text=${BASH_REMATCH[4]}
            mv "$chunk" "$P11_TMP/logs/$name.log"
            p11_record "$st" "$name" "$ms" "$text" "$P11_TMP/logs/$name.log"
            : >"$chunk"
        else
            printf '%s\n' "$line" >>"$chunk"
        fi
    done <"$file"
    if [ -s "$chunk" ]; then
        p11_say "      (output after the last result:)"
        sed 's/^/      | /' "$chunk"
    fi
    rm -f "$chunk"
}

# p11_helper_exit STATUS PROGRAM: fail (inside a check) unless a helper
# program whose results were imported exited 0, naming a crash as such.
p11_helper_exit() {
    local rc=$1 what=$2
    [ "$rc" -eq 0 ] && return 0
    if [ "$rc" -gt 128 ]; then
        p11_fail "$what was killed by signal $((rc - 128)) (a crash in the module?); the checks after its last result did not run"
    fi
    p11_fail "$what exited with status $rc; the checks after its last result may not have run"
}

p11_summary() {
    local pass=0 fail=0 xfail=0 xpass=0 skip=0 r
    for r in "${P11_RESULTS[@]}"; do
        case "${r%%$'\t'*}" in
        PASS) pass=$((pass + 1)) ;;
        FAIL) fail=$((fail + 1)) ;;
        XFAIL) xfail=$((xfail + 1)) ;;
        XPASS) xpass=$((xpass + 1)) ;;
        SKIP) skip=$((skip + 1)) ;;
        esac
    done
    local total_ms=$((($(date +%s%N) - P11_T_START) / 1000000))
    printf '== %s [%s]: %d passed, %d failed, %d known failures, %d unexpectedly passed, %d skipped (%d.%02ds)\n' \
        "$P11_TEST" "$P11_KIND" "$pass" "$fail" "$xfail" "$xpass" "$skip" $((total_ms / 1000)) $((total_ms % 1000 / 10))
    P11_FAILED=$((fail + xpass))
    P11_COUNT=$((pass + fail + xfail + xpass))
}

# p11_finish: summary and exit status.
p11_finish() {
    p11_summary
    if [ "$P11_COUNT" -eq 0 ]; then
        p11_say "no check ran"
        exit 1
    fi
    [ "$P11_FAILED" -eq 0 ] || exit 1
    exit 0
}

# ---------------------------------------------------------------- small utilities

# p11_hex FILE: the file as one line of lowercase hex.
p11_hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# p11_random_file FILE BYTES
p11_random_file() { head -c "$2" /dev/urandom >"$1"; }

# p11_has_mech NAME: the module lists the mechanism (pkcs11-tool -M name or
# mechtype-0x... for names pkcs11-tool does not know).
p11_has_mech() {
    [ -f "$P11_TMP/mechs.txt" ] || p11_tool --list-mechanisms >"$P11_TMP/mechs.txt" 2>&1
    grep -Eq "^  ($1)(,| |\$)" "$P11_TMP/mechs.txt"
}
