#!/bin/bash
# Reader hot-plug under a running libp11forge.so: readers appear and disappear (pcscd restarted
# with a vpcd entry more or less, through the rig's $P11_RIG_PCSCD), cards go into new readers,
# pcscd stops and starts; one process keeps the module loaded throughout (tests/card/hotplug.py,
# PyKCS11 under Debian's python3).
#
#   tests/card/test_hotplug.sh MODULE     # makes two fixtures and runs itself inside rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd, OpenSC or PyKCS11.  P11_RIG_KEEP=1 keeps the
# rig directory (pcscd.log, the cards' APDU logs).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}
module=${1:?usage: test_hotplug.sh path/to/libp11forge.so}
module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")

if [ -z "${P11_RIG_PCSCD:-}" ]; then
    if [ "$(id -u)" != 0 ] && ! [ -w /run/pcscd ]; then echo "SKIP: the rig needs root"; exit 77; fi
    for f in /usr/sbin/pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so /usr/bin/opensc-tool; do
        [ -e "$f" ] || { echo "SKIP: $f missing (sh scripts/deps.sh)"; exit 77; }
    done
    "$python" -c 'import PyKCS11' 2>/dev/null || { echo "SKIP: PyKCS11 missing for $python"; exit 77; }
    if pgrep -x pcscd >/dev/null; then echo "SKIP: a system pcscd is running"; exit 77; fi
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-hotplug-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_fixture.py" "$fixtures/card1" >/dev/null || exit 2
    "$python" "$here/make_fixture.py" "$fixtures/hot" --name "hot-plugged card" >/dev/null || exit 2
    HOTPLUG_FIXTURE=$fixtures/hot "$here/rig.sh" "$fixtures/card1" -- "$0" "$module"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
export P11FORGE_TOKEN_DIR=$P11_RIG_DIR/softtoken P11FORGE_CACHE_DIR=$P11_RIG_DIR/card-cache
unset P11FORGE_PCSC P11FORGE_PCSC_LIBRARY
"$python" "$here/hotplug.py" "$module" "$HOTPLUG_FIXTURE"
rc=$?
# The card hotplug.py started (exec'd by sh, so the PID is the card's), if it could not stop it.
if [ -s "$P11_RIG_DIR/hot.pid" ]; then
    kill "$(cat "$P11_RIG_DIR/hot.pid")" 2>/dev/null
fi
if [ "$rc" != 0 ]; then
    echo "--- pcscd.log (tail):"
    grep -v "Card not transacted" "$P11_RIG_DIR/pcscd.log" | tail -40
fi
exit "$rc"
