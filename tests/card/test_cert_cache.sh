#!/bin/bash
# libp11forge.so's cross-process certificate cache on the virtual PIV card: a process that lists
# a known card asks it for SELECT and the CHUID only (2 APDUs) and serves the same certificates;
# a new CHUID (same GUID, new content) or another card invalidates; a certificate rewritten
# behind our back without a new CHUID is served from the cache (the documented limitation,
# docs/module.md "Certificate cache"); a corrupt or hostile cache file is ignored and replaced;
# P11FORGE_CARD_CACHE=0 switches it off.
#
#   tests/card/test_cert_cache.sh path/to/libp11forge.so    # makes a fixture, runs itself in rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd or OpenSC; non-zero if any check fails.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}
module=${1:?usage: test_cert_cache.sh path/to/libp11forge.so}
module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")

if [ -z "${P11_PIV_LOG:-}" ]; then
    . "$here/checks.sh"
    need_rig /usr/bin/pkcs11-tool
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-piv-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_fixture.py" "$fixtures/card1" >/dev/null || exit 2
    # PUT DATA without the 9B key: the test rewrites objects "behind our back" with opensc-tool.
    P11_PIV_CARD_ARGS="--no-admin-check" "$here/rig.sh" "$fixtures/card1" -- "$0" "$module"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
fx=$P11_PIV_FIXTURE
work=$P11_RIG_DIR/cache
. "$here/checks.sh"
clients_env

p11() { pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER" "$@"; }
reset_card() { opensc-tool --reader "$P11_PIV_READER" --reset cold >/dev/null 2>&1; }
# apdus_of COMMAND...: the APDUs COMMAND costs on a freshly reset card.
apdus_of() {
    local before
    reset_card
    before=$(apdus)
    "$@" >/dev/null || return 1
    echo $(($(apdus) - before))
}
cert_of() { p11 --read-object --type cert --id 01 -o "$1" >/dev/null; }
der() { openssl x509 -in "$1" -outform DER; }
cache_file() { ls "$P11FORGE_CACHE_DIR"/guid-* 2>/dev/null; }
# put_data TAG-HEX CONTENT-HEX: PUT DATA of a data object straight to the card, in a chain of
# short APDUs (opensc-tool does not send extended ones through vpcd).
put_data() {
    local args
    mapfile -t args < <("$python" -c '
import sys
from piv_data import tlv
body = tlv(0x5C, bytes.fromhex(sys.argv[1])) + tlv(0x53, bytes.fromhex(sys.argv[2]))
chunks = [body[i:i + 255] for i in range(0, len(body), 255)]
for i, c in enumerate(chunks):
    print("-s")
    print(("00" if i == len(chunks) - 1 else "10") + "DB3FFF" + bytes([len(c)]).hex() + c.hex())' "$1" "$2")
    # -c default: no card driver, which would send its own APDUs between ours and break the chain.
    opensc-tool -c default --reader "$P11_PIV_READER" -s 00A4040009A00000030800001000 "${args[@]}" >"$work/put.out" 2>&1
    cat "$work/put.out"
    [ "$(grep -c 'SW1=0x90, SW2=0x00' "$work/put.out")" = $((${#args[@]} / 2 + 1)) ]
}
container_of() {  # the 9A certificate container for a certificate file
    "$python" -c '
import sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from piv_data import cert_container
der = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read()).public_bytes(serialization.Encoding.DER)
print(cert_container(der).hex())' "$1"
}
chuid_hex() {  # the card's CHUID content, from its saved state
    "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["objects"]["5FC102"])' "$P11_PIV_STATE"
}
export PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1

warm_listing() {
    rm -rf "$P11FORGE_CACHE_DIR"
    local cold warm
    cold=$(apdus_of p11 -O)
    echo "cold listing: $cold APDUs"
    [ -n "$(cache_file)" ]
    [ "$(stat -c %a "$(cache_file)")" = 600 ]
    warm=$(apdus_of p11 -O)
    echo "warm listing: $warm APDUs"
    [ "$warm" -le 2 ] && [ "$cold" -gt 2 ]
    # The warm process asked nothing but SELECT and the CHUID.
    tail -n 4 "$P11_PIV_LOG" | grep '^>' >"$work/warm.apdus"
    cat "$work/warm.apdus"
    grep -q '^> 00A40400' "$work/warm.apdus"
    grep -Eq '^> 00CB3FFF.*5C035FC102' "$work/warm.apdus"
    # The same certificates as the card's, served from the cache.
    p11 -O >"$work/warm.objects"
    [ "$(grep -c 'Certificate Object' "$work/warm.objects")" = 4 ]
    cert_of "$work/warm-9a.der"
    der "$fx/9a.crt" | cmp - "$work/warm-9a.der"
}

# Documented: a certificate rewritten without a new CHUID goes unnoticed (PIV has no object
# that changes on every write, and the budget is one GET DATA); a new CHUID content with the
# same GUID is noticed at once.
rewrite_behind_our_back() {
    cert_of "$work/before.der"   # the cache is warm
    put_data 5FC105 "$(container_of "$fx/9e.crt")"
    cert_of "$work/stale.der"
    der "$fx/9a.crt" | cmp - "$work/stale.der"
    echo "as documented: the rewritten 9A certificate is not seen while the CHUID is unchanged"
    # The card management convention: a new CHUID (here only its expiry date differs; same GUID,
    # so the same cache file) after changing certificates.
    local chuid new
    chuid=$(chuid_hex)
    new=$("$python" -c '
import sys
from piv_data import parse_tlv, tlv
items = parse_tlv(bytes.fromhex(sys.argv[1]))
print(b"".join(tlv(t, b"20991231" if t == 0x35 else v) for t, v in items).hex())' "$chuid")
    [ "$new" != "$chuid" ]
    put_data 5FC102 "$new"
    cert_of "$work/fresh.der"
    der "$fx/9e.crt" | cmp - "$work/fresh.der"
    echo "after a new CHUID: the new certificate"
    # Back to the fixture's state for the checks after this one.
    put_data 5FC105 "$(container_of "$fx/9a.crt")"
    put_data 5FC102 "$chuid"
    cert_of "$work/restored.der"
    der "$fx/9a.crt" | cmp - "$work/restored.der"
}

corrupt_cache() {
    local f n
    p11 -O >/dev/null
    f=$(cache_file)
    # Each damaged file: ignored (the card is read: more than 2 APDUs), the certificate right,
    # and the file replaced by a good one (the next process needs 2 APDUs again).
    for damage in truncate garbage flip-magic huge symlink; do
        case $damage in
            truncate) head -c 100 "$f" >"$f.new" && mv "$f.new" "$f" ;;
            garbage) head -c 3000 /dev/urandom >"$f" ;;
            flip-magic) printf 'X' | dd of="$f" bs=1 seek=0 conv=notrunc 2>/dev/null ;;
            huge) head -c 2000000 /dev/zero >"$f" ;;
            symlink) rm -f "$f" && ln -s /etc/passwd "$f" ;;
        esac
        n=$(apdus_of p11 -O)
        echo "$damage: $n APDUs"
        [ "$n" -gt 2 ]
        cert_of "$work/$damage.der"
        der "$fx/9a.crt" | cmp - "$work/$damage.der"
        [ -f "$f" ] && ! [ -L "$f" ]
        n=$(apdus_of p11 -O)
        [ "$n" -le 2 ]
    done
}

cache_off() {
    rm -rf "$P11FORGE_CACHE_DIR"
    P11FORGE_CARD_CACHE=0 p11 -O >/dev/null
    [ -z "$(cache_file)" ]
    local n
    n=$(P11FORGE_CARD_CACHE=0 apdus_of p11 -O)
    [ "$n" -gt 2 ]
}

check warm "a second process lists the card with SELECT + CHUID (<= 2 APDUs), the same certificate DER" warm_listing
check rewrite "rewritten certificate: unseen with the same CHUID (documented), seen after a new CHUID" rewrite_behind_our_back
check corrupt "truncated, garbage, wrong magic, oversized, symlinked cache files: card read, file replaced" corrupt_cache
check off "P11FORGE_CARD_CACHE=0: no file, the card read every time" cache_off

p11 -O >/dev/null  # the cache warm again after the checks
count "pkcs11-tool -O (list objects), warm cache" p11 -O
count "login + sign with 9A, warm cache" p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 \
    -i "$fx/pin" -o "$work/count.sig"
P11FORGE_CARD_CACHE=0 count "pkcs11-tool -O (list objects), no cache" p11 -O

echo
echo "libp11forge.so's certificate cache on the virtual PIV card:"
printf '  %s\n' "${results[@]}"
echo "APDUs per pkcs11-tool run after a reset:"
printf '  %s\n' "${counts[@]}"
echo "$((${#results[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
