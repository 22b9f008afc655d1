#!/bin/bash
# Cross-check that the virtual OpenPGP card speaks real OpenPGP card: OpenSC's own openpgp
# driver (opensc-pkcs11.so through pkcs11-tool) must name the card, list its tokens, keys and
# certificate, log in, sign (RSA PSO:CDS on card 1 and ECDSA P-256 on card 2, RSA INTERNAL
# AUTHENTICATE), decrypt (RSA), derive (ECDH P-256) and count a wrong PIN; OpenSSL checks every
# result against the fixtures' keys.  Also prints OpenSC's APDU counts.
#
#   tests/card/test_openpgp_opensc.sh     # makes two fixtures and runs itself inside rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd or OpenSC; non-zero if any check fails.
# P11_RIG_KEEP=1 keeps the rig directory with all logs.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}

if [ -z "${P11_PIV_LOG2:-}" ]; then
    if [ "$(id -u)" != 0 ] && ! [ -w /run/pcscd ]; then echo "SKIP: the rig needs root"; exit 77; fi
    for f in /usr/sbin/pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so /usr/bin/opensc-tool /usr/bin/pkcs11-tool; do
        [ -e "$f" ] || { echo "SKIP: $f missing (sh scripts/deps.sh)"; exit 77; }
    done
    if pgrep -x pcscd >/dev/null; then echo "SKIP: a system pcscd is running"; exit 77; fi
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-openpgp-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card1" --serial 00000201 || exit 2
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card2" --algo p256 --serial 00000202 \
        --name "second card" || exit 2
    "$here/rig.sh" "$fixtures/card1" "$fixtures/card2" -- "$0"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
fx=$P11_PIV_FIXTURE fx2=$P11_PIV_FIXTURE2
work=$P11_RIG_DIR/opensc
mkdir -p "$work"
# A private OpenSC configuration: no on-disk file cache, so APDU counts do not depend on earlier
# runs or on /etc.
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
export OPENSC_CONF=$work/opensc.conf
. "$here/checks.sh"
. "$here/openpgp_checks.sh"

# OpenSC shows an OpenPGP card as two tokens in one reader: "OpenPGP card (User PIN)" (PW1 82:
# decryption and authentication keys, the certificate) and "OpenPGP card (User PIN (sig))"
# (PW1 81: the signature key).  Both cards have the same labels: pick the slot by reader too.
slot_of() {  # READER sig|user -> slot id
    local label="OpenPGP card (User PIN)"
    [ "$2" = user ] || label="OpenPGP card (User PIN (sig))"
    pkcs11-tool --module "$P11_OPENSC_MODULE" -L 2>/dev/null | awk -v reader="$1" -v label="$label" '
        /^Slot / { id = $3; sub(/^\(/, "", id); sub(/\):$/, "", id); ok = index($0, reader) > 0 }
        /token label/ { sub(/^ *token label *: /, ""); if (ok && $0 == label) { print id; exit } }'
}
p11() {  # READER sig|user pkcs11-tool-options...
    local slot
    slot=$(slot_of "$1" "$2") && [ -n "$slot" ] || { echo "no $2 token in $1" >&2; return 1; }
    shift 2
    pkcs11-tool --module "$P11_OPENSC_MODULE" --slot "$slot" "$@"
}
pubkey() { openssl pkey -in "$1" -pubout -out "$2"; }
state() { "$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

head -c 1000 /dev/urandom >"$work/data"

names_the_card() {
    opensc-tool --reader "$P11_PIV_READER" -n | tee "$work/name1"
    grep -qx "OpenPGP card v3.4 (FFFF 00000201)" "$work/name1"
    opensc-tool --reader "$P11_PIV_READER2" -n >"$work/name2"
    grep -qx "OpenPGP card v3.4 (FFFF 00000202)" "$work/name2"
}

list_tokens() {
    pkcs11-tool --module "$P11_OPENSC_MODULE" -L | tee "$work/list"
    [ "$(grep -c 'token label *: OpenPGP card (User PIN' "$work/list")" = 4 ]
    grep -Eq 'serial num *: ffff00000201$' "$work/list"
    grep -Eq 'serial num *: ffff00000202$' "$work/list"
    grep -Eq 'hardware version *: 3\.4$' "$work/list"
}

objects_match_fixture() {
    p11 "$P11_PIV_READER" user --login --pin 123456 -O | tee "$work/objects-user"
    p11 "$P11_PIV_READER" sig --login --pin 123456 -O | tee "$work/objects-sig"
    grep -A2 'Private Key Object; RSA' "$work/objects-user" >"$work/private-user"
    grep -q 'ID: *02' "$work/private-user"
    grep -q 'ID: *03' "$work/private-user"
    grep -A2 'Private Key Object; RSA' "$work/objects-sig" | grep -q 'ID: *01'
    p11 "$P11_PIV_READER" user --read-object --type cert --id 03 -o "$work/aut.der"
    openssl x509 -in "$fx/aut.crt" -outform DER | cmp - "$work/aut.der"
    # The public keys OpenSC read with GENERATE (read) are the fixture's.
    p11 "$P11_PIV_READER" sig --read-object --type pubkey --id 01 -o "$work/sig-pub.der"
    openssl pkey -in "$fx/sig.key" -pubout -outform DER | cmp - "$work/sig-pub.der"
}

sign_rsa() {
    p11 "$P11_PIV_READER" sig --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 \
        -i "$work/data" -o "$work/sig.sig"
    pubkey "$fx/sig.key" "$work/sig.pub"
    openssl dgst -sha256 -verify "$work/sig.pub" -signature "$work/sig.sig" "$work/data"
    [ "$(state "$P11_PIV_STATE" 'd["sig_counter"]')" = 1 ]
}

wrong_pin_counts() {
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 3 ]
    if p11 "$P11_PIV_READER" user --login --pin 999999 -O >"$work/wrong" 2>&1; then
        echo "login with a wrong PIN succeeded"; return 1
    fi
    cat "$work/wrong"
    grep -q CKR_PIN_INCORRECT "$work/wrong"
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 2 ]
    p11 "$P11_PIV_READER" user --login --pin 123456 -O >/dev/null
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 3 ]
}

check name "opensc-tool -n names both cards OpenPGP card v3.4" names_the_card
check list "pkcs11-tool -L: two tokens per card, serial numbers, version" list_tokens
check objects "keys 01/02/03, the certificate and a public key equal the fixture's" objects_match_fixture
check sign-rsa "RSA-2048 SHA256-RSA-PKCS with the signature key verifies; the counter counts" sign_rsa
check_operations
check wrong-pin "a wrong PIN decrements the counter, a good one resets it" wrong_pin_counts

count_scenarios "$P11_OPENSC_MODULE"
report "OpenSC $(dpkg-query -W -f='${Version}' opensc 2>/dev/null) against the virtual OpenPGP card:"
