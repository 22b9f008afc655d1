#!/bin/bash
# Runs a command with virtual PIV cards (piv_card.py) in a real pcscd (vsmartcard-vpcd readers).
#
#   tests/card/rig.sh FIXTURE [FIXTURE2] -- COMMAND [ARGS...]
#
# FIXTURE is a directory made by make_fixture.py, or "-" for an empty card (default PIN/PUK/9B
# key, no keys).  The first card goes into reader "Virtual PCD 00 00" (port 35963), the optional
# second into "Virtual PCD 00 01" (port 35964): one vpcd entry in reader.conf provides both.
# The command's exit status is the rig's.  Exported to the command:
#   P11_RIG_DIR          private directory: pcscd.log, card1.apdu, card1.json, ...
#   P11_PCSCD_PID        our pcscd
#   P11_OPENSC_MODULE    OpenSC's PKCS#11 module
#   P11_PIV_CARD         command to start another card: $P11_PIV_CARD --port 35964 ... &
#                        (such a card is the test's to stop, by its PID)
#   P11_PIV_READER[2]    reader name (select readers by name, never by index)
#   P11_PIV_PID[2]       card process: kill -USR1 toggles removal/re-insertion
#   P11_PIV_LOG[2]       APDU log ('> cmd' / '< resp' hex lines): grep -c '^>' counts APDUs
#   P11_PIV_STATE[2]     the card's saved state (PIN counters survive a restart of the card)
#   P11_PIV_FIXTURE[2]   the fixture directory
# Environment understood:
#   P11_PIV_CARD_ARGS    extra piv_card.py options for the rig's cards (e.g. --no-admin-check)
#   P11_PIV_CARD_ARGS2   extra options for the second card only (e.g. --quirk no-extended)
#   P11_RIG_KEEP=1       keep P11_RIG_DIR (its path is printed)
#
# pcscd is a machine-wide singleton (/run/pcscd/pcscd.comm): the rig refuses to run next to a
# system pcscd, and concurrent rigs wait for each other on a lock file.  Needs root (or write
# access to /run/pcscd).  Everything started here is stopped by PID on exit.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}   # Debian's, with python3-cryptography

die() { printf 'rig: %s\n' "$*" >&2; exit 2; }

fixtures=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do fixtures+=("$1"); shift; done
if [ $# -lt 2 ] || [ ${#fixtures[@]} -lt 1 ] || [ ${#fixtures[@]} -gt 2 ]; then
    die "usage: rig.sh FIXTURE [FIXTURE2] -- COMMAND [ARGS...]"
fi
shift
for i in "${!fixtures[@]}"; do
    f=${fixtures[$i]}
    [ "$f" = - ] || fixtures[i]=$(cd "$f" 2>/dev/null && pwd) || die "no fixture directory: $f"
done
if ! [ -x /usr/sbin/pcscd ] || ! command -v opensc-tool >/dev/null; then
    die "pcscd or opensc missing: sh scripts/deps.sh"
fi
driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
[ -e "$driver" ] || die "vsmartcard-vpcd missing ($driver): sh scripts/deps.sh"
modules=(/usr/lib/*/opensc-pkcs11.so)
export P11_OPENSC_MODULE=${modules[0]}

# One rig at a time per machine: tests running in parallel queue here.
lockdir=/run/lock
[ -w "$lockdir" ] || lockdir=/tmp
exec {lockfd}>"$lockdir/p11forge-pcsc-rig.lock"
flock -w 600 "$lockfd" || die "another rig has held $lockdir/p11forge-pcsc-rig.lock for 10 minutes"

if pids=$(pgrep -x pcscd); then
    die "a pcscd is already running (pid ${pids//$'\n'/ }); the rig needs its own, and there can be only
     one per machine. Stop it first, e.g.: systemctl stop pcscd.socket pcscd.service"
fi
if command -v systemctl >/dev/null && systemctl is-active --quiet pcscd.socket 2>/dev/null; then
    die "systemd's pcscd.socket holds /run/pcscd/pcscd.comm; stop it: systemctl stop pcscd.socket"
fi

P11_RIG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/p11-pcsc-rig.XXXXXX") || die "mktemp failed"
export P11_RIG_DIR
card_pids=()
pcscd_pid=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${card_pids[@]}" $pcscd_pid; do
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ "${P11_RIG_KEEP:-0}" = 1 ]; then
        printf 'rig: kept %s\n' "$P11_RIG_DIR" >&2
    else
        rm -rf "$P11_RIG_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Private reader.conf.d naming only vpcd, so /etc (and other installed drivers) stay out of it.
mkdir "$P11_RIG_DIR/reader.conf.d"
cat >"$P11_RIG_DIR/reader.conf.d/vpcd" <<EOF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      $driver
CHANNELID    0x8C7B
EOF
# Children do not inherit the lock: a card a test forgot to stop must not block the next rig.
/usr/sbin/pcscd --foreground --info --config "$P11_RIG_DIR/reader.conf.d" >"$P11_RIG_DIR/pcscd.log" 2>&1 {lockfd}>&- &
pcscd_pid=$!
export P11_PCSCD_PID=$pcscd_pid

# wait_for SECONDS PID TEST...: poll TEST every 50 ms while process PID lives.
wait_for() {
    local tries=$(($1 * 20)) pid=$2
    shift 2
    until "$@"; do
        kill -0 "$pid" 2>/dev/null || return 1
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.05
    done
}
# The socket appears before the readers are registered, so wait for the reader itself.
reader_listed() { opensc-tool -l 2>/dev/null | grep -q "Virtual PCD 00 00\$"; }
card_present() { opensc-tool -l 2>/dev/null | grep -Eq "^[0-9]+ +Yes .*$1\$"; }
if ! wait_for 5 "$pcscd_pid" reader_listed; then
    tail -5 "$P11_RIG_DIR/pcscd.log" >&2
    die "pcscd's readers did not appear"
fi

export P11_PIV_CARD="$python $here/piv_card.py"
for i in "${!fixtures[@]}"; do
    n=$((i + 1)) sfx=
    [ "$n" = 1 ] || sfx=$n
    reader="Virtual PCD 00 0$i"
    provision=()
    [ "${fixtures[$i]}" = - ] || provision=(--provision "${fixtures[$i]}")
    own=
    [ "$n" = 1 ] || own=${P11_PIV_CARD_ARGS2:-}
    # shellcheck disable=SC2086  # P11_PIV_CARD_ARGS* are lists of options
    $P11_PIV_CARD "${provision[@]}" --port $((35963 + i)) --log "$P11_RIG_DIR/card$n.apdu" \
        --state "$P11_RIG_DIR/card$n.json" ${P11_PIV_CARD_ARGS:-} $own {lockfd}>&- &
    card_pids+=($!)
    export "P11_PIV_PID$sfx=$!" "P11_PIV_READER$sfx=$reader" "P11_PIV_LOG$sfx=$P11_RIG_DIR/card$n.apdu" \
        "P11_PIV_STATE$sfx=$P11_RIG_DIR/card$n.json" "P11_PIV_FIXTURE$sfx=${fixtures[$i]}"
done
for i in "${!fixtures[@]}"; do
    # ~0.4 s: pcscd notices a card on its next presence poll.
    wait_for 10 "${card_pids[$i]}" card_present "Virtual PCD 00 0$i" \
        || die "no card appeared in Virtual PCD 00 0$i"
done

"$@" {lockfd}>&-
