#!/bin/bash
# Runs a command with virtual cards (piv_card.py, openpgp_card.py) in a real pcscd
# (vsmartcard-vpcd readers).
#
#   tests/card/rig.sh FIXTURE [FIXTURE2] -- COMMAND [ARGS...]
#
# FIXTURE is a directory made by make_fixture.py (a PIV card) or make_openpgp_fixture.py (an
# OpenPGP card: its file `card` says "openpgp"), or "-" for an empty PIV card (default
# PIN/PUK/9B key, no keys).  The first card goes into reader "Virtual PCD 00 00" (port 35963),
# the optional second into "Virtual PCD 00 01" (port 35964): one vpcd entry in reader.conf provides both.
# The command's exit status is the rig's.  Exported to the command:
#   P11_RIG_DIR          private directory: pcscd.log, card1.apdu, card1.json, ...
#   P11_PCSCD_PID        our pcscd
#   P11_OPENSC_MODULE    OpenSC's PKCS#11 module
#   P11_PIV_CARD         command to start another card: $P11_PIV_CARD --port 35964 ... &
#                        (such a card is the test's to stop, by its PID)
#   P11_OPENPGP_CARD     the same for an OpenPGP card
#   P11_CARD_TYPE[2]     "piv" or "openpgp"; the P11_PIV_* names below are the card's of
#                        either type (kept for the PIV tests that came first)
#   P11_PIV_READER[2]    reader name (select readers by name, never by index)
#   P11_PIV_PID[2]       card process: kill -USR1 toggles removal/re-insertion
#   P11_PIV_LOG[2]       APDU log ('> cmd' / '< resp' hex lines): grep -c '^>' counts APDUs
#   P11_PIV_STATE[2]     the card's saved state (PIN counters survive a restart of the card)
#   P11_PIV_FIXTURE[2]   the fixture directory
#   P11_RIG_PCSCD        command to restart pcscd or plug readers in and out (below)
# Environment understood:
#   P11_PIV_CARD_ARGS    extra piv_card.py options for the rig's PIV cards (e.g. --no-admin-check)
#   P11_PIV_CARD_ARGS2   extra options for the second card only (e.g. --quirk no-extended)
#   P11_OPENPGP_CARD_ARGS  extra openpgp_card.py options for the rig's OpenPGP cards
#   P11_RIG_KEEP=1       keep P11_RIG_DIR (its path is printed)
#
# Reader hot-plug, from inside the rig (pcscd stays the rig's child: the request goes to the rig,
# which answers once pcscd lists its readers again):
#   $P11_RIG_PCSCD stop | start | restart
#   $P11_RIG_PCSCD add NAME PORT   a vpcd entry: readers "NAME 00 00" (PORT) and "NAME 00 01"
#                                  (PORT+1); a card goes in with $P11_PIV_CARD --port PORT.
#                                  Each entry loads its own copy of the vpcd driver, whose
#                                  virtual ICCs are per library, not per entry
#   $P11_RIG_PCSCD remove NAME     that entry's readers go away
# add and remove restart pcscd (when it runs): pcsc-lite's own hot-plug of reader.conf entries
# (`pcscd --hotplug`, SIGUSR1) does nothing in Debian 12's 1.9.9 (built with libudev, it only
# logs the signal; tried), so a serial reader comes and goes with a daemon restart: every
# client context dies (SCARD_E_NO_SERVICE) and the readers are listed again, as when pcscd
# auto-exits and socket activation starts it again.  The rig's cards wait for their reader
# and are inserted again (piv_card.py --reconnect).  $P11_PCSCD_PID is the first pcscd,
# $P11_RIG_DIR/pcscd.pid the current one.
#
# pcscd is a machine-wide singleton (/run/pcscd/pcscd.comm): the rig refuses to run next to a
# system pcscd, and concurrent rigs wait for each other on a lock file.  Needs root (or write
# access to /run/pcscd).  Everything started here is stopped by PID on exit.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}   # Debian's, with python3-cryptography

die() { printf 'rig: %s\n' "$*" >&2; exit 2; }

# The client side of $P11_RIG_PCSCD: one request at a time, answered by the rig (serve_request).
if [ "${1:-}" = --pcscd ]; then
    shift
    if [ -z "${P11_RIG_DIR:-}" ] || [ -z "${P11_RIG_PID:-}" ]; then die "--pcscd works inside the rig only"; fi
    exec {ctlfd}>"$P11_RIG_DIR/control.lock"
    flock "$ctlfd"
    rm -f "$P11_RIG_DIR/reply"
    printf '%s\n' "$@" >"$P11_RIG_DIR/request"
    kill -USR2 "$P11_RIG_PID" || die "the rig is gone"
    for _ in $(seq 600); do
        if [ -e "$P11_RIG_DIR/reply" ]; then
            read -r rc <"$P11_RIG_DIR/reply"
            exit "$rc"
        fi
        sleep 0.05
    done
    die "the rig did not answer: $*"
fi

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
cmd_pid=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    trap '' USR2  # a request that comes late must not kill the rig while it cleans up
    for pid in $cmd_pid "${card_pids[@]}" $pcscd_pid; do
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
conf=$P11_RIG_DIR/reader.conf.d
mkdir "$conf"
# vpcd_entry NAME PORT [LIBRARY]: one vpcd instance, two readers (PORT, PORT+1).
vpcd_entry() {
    printf 'FRIENDLYNAME "%s"\nDEVICENAME   /dev/null:0x%X\nLIBPATH      %s\nCHANNELID    0x%X\n' \
        "$1" "$2" "${3:-$driver}" "$2"
}
vpcd_entry "Virtual PCD" 35963 >"$conf/vpcd-35963"

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
card_present() { opensc-tool -l 2>/dev/null | grep -Eq "^[0-9]+ +Yes .*$1\$"; }
# The socket appears before the readers are registered, so wait for the readers themselves:
# the first of every entry in reader.conf.d.
readers_listed() {
    local list name
    list=$(opensc-tool -l 2>/dev/null) || return 1
    while read -r name; do
        grep -qF "$name 00 00" <<<"$list" || return 1
    done < <(sed -n 's/^FRIENDLYNAME "\(.*\)"$/\1/p' "$conf"/*)
}

# Children do not inherit the lock: a card a test forgot to stop must not block the next rig.
start_pcscd() {
    /usr/sbin/pcscd --foreground --info --config "$conf" >>"$P11_RIG_DIR/pcscd.log" 2>&1 {lockfd}>&- &
    pcscd_pid=$!
    echo "$pcscd_pid" >"$P11_RIG_DIR/pcscd.pid"
    if ! wait_for 5 "$pcscd_pid" readers_listed; then
        tail -5 "$P11_RIG_DIR/pcscd.log" >&2
        printf "rig: pcscd's readers did not appear\n" >&2
        return 1
    fi
}
stop_pcscd() {
    [ -n "$pcscd_pid" ] || return 0
    kill -TERM "$pcscd_pid" 2>/dev/null
    wait "$pcscd_pid" 2>/dev/null
    pcscd_pid=
    rm -f "$P11_RIG_DIR/pcscd.pid"
}
# A request of $P11_RIG_PCSCD (USR2): its arguments, one a line, in $P11_RIG_DIR/request; the
# answer (0, 1: pcscd failed, 2: bad request) in $P11_RIG_DIR/reply.
serve_request() {
    local args=() rc=0 running=$pcscd_pid f
    mapfile -t args <"$P11_RIG_DIR/request"
    printf 'rig: pcscd %s\n' "${args[*]}" >>"$P11_RIG_DIR/pcscd.log"
    case "${args[0]:-} ${#args[@]}" in
        "stop 1") stop_pcscd ;;
        "start 1") [ -n "$pcscd_pid" ] || start_pcscd || rc=1 ;;
        "restart 1") stop_pcscd; start_pcscd || rc=1 ;;
        "add 3")
            if ! [[ ${args[2]} =~ ^[0-9]+$ ]] || [ -e "$conf/vpcd-${args[2]}" ] \
                || grep -qsxF "FRIENDLYNAME \"${args[1]}\"" "$conf"/*; then
                rc=2
            else
                # vpcd keeps its two virtual ICCs in static variables indexed by the slot
                # alone (Lun & 0xFFFF): a second entry on the same library would take over
                # the first one's.  A copy of the file is loaded as a library of its own.
                cp "$driver" "$P11_RIG_DIR/libifdvpcd-${args[2]}.so"
                vpcd_entry "${args[1]}" "${args[2]}" "$P11_RIG_DIR/libifdvpcd-${args[2]}.so" >"$conf/vpcd-${args[2]}"
                [ -z "$running" ] || { stop_pcscd; start_pcscd || rc=1; }
            fi ;;
        "remove 2")
            # The rig's own entry stays.
            if f=$(grep -lsxF "FRIENDLYNAME \"${args[1]}\"" "$conf"/*) && [ "$f" != "$conf/vpcd-35963" ]; then
                rm -f "$f"
                [ -z "$running" ] || { stop_pcscd; start_pcscd || rc=1; }
            else
                rc=2
            fi ;;
        *) rc=2 ;;
    esac
    [ "$rc" != 2 ] || printf 'rig: bad request for pcscd: %s\n' "${args[*]}" >&2
    echo "$rc" >"$P11_RIG_DIR/reply.new" && mv "$P11_RIG_DIR/reply.new" "$P11_RIG_DIR/reply"
}

start_pcscd || die "pcscd did not start"
export P11_PCSCD_PID=$pcscd_pid P11_RIG_PID=$$ P11_RIG_PCSCD="$here/rig.sh --pcscd"

export P11_PIV_CARD="$python $here/piv_card.py" P11_OPENPGP_CARD="$python $here/openpgp_card.py"
for i in "${!fixtures[@]}"; do
    n=$((i + 1)) sfx=
    [ "$n" = 1 ] || sfx=$n
    reader="Virtual PCD 00 0$i"
    provision=()
    [ "${fixtures[$i]}" = - ] || provision=(--provision "${fixtures[$i]}")
    type=piv card=$P11_PIV_CARD own=${P11_PIV_CARD_ARGS:-}
    [ "$n" = 1 ] || own="$own ${P11_PIV_CARD_ARGS2:-}"
    if [ "${fixtures[$i]}" != - ] && [ "$(cat "${fixtures[$i]}/card" 2>/dev/null)" = openpgp ]; then
        type=openpgp card=$P11_OPENPGP_CARD own=${P11_OPENPGP_CARD_ARGS:-}
    fi
    # shellcheck disable=SC2086  # $card is a command line, the *_ARGS are lists of options
    $card "${provision[@]}" --port $((35963 + i)) --log "$P11_RIG_DIR/card$n.apdu" \
        --state "$P11_RIG_DIR/card$n.json" --reconnect $own {lockfd}>&- &
    card_pids+=($!)
    export "P11_CARD_TYPE$sfx=$type" "P11_PIV_PID$sfx=$!" "P11_PIV_READER$sfx=$reader" "P11_PIV_LOG$sfx=$P11_RIG_DIR/card$n.apdu" \
        "P11_PIV_STATE$sfx=$P11_RIG_DIR/card$n.json" "P11_PIV_FIXTURE$sfx=${fixtures[$i]}"
done
for i in "${!fixtures[@]}"; do
    # ~0.4 s: pcscd notices a card on its next presence poll.
    wait_for 10 "${card_pids[$i]}" card_present "Virtual PCD 00 0$i" \
        || die "no card appeared in Virtual PCD 00 0$i"
done

# The command runs in the background so that the rig serves its pcscd requests meanwhile (a
# trapped signal interrupts `wait`); its stdin stays the rig's.
trap serve_request USR2
"$@" <&0 {lockfd}>&- &
cmd_pid=$!
while :; do
    wait "$cmd_pid"
    rc=$?
    # Still there: the wait was interrupted by a request.
    kill -0 "$cmd_pid" 2>/dev/null || break
done
cmd_pid=
exit "$rc"
