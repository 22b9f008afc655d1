#!/bin/bash
# libp11forge.so's OpenPGP token (src/openpgp) on the virtual OpenPGP card, through pkcs11-tool,
# with OpenSSL checking every result against the fixtures' keys: token info (serial, model, PIN
# counters), the three key pairs and the certificate, sign (RSA PSO:CDS with its context PIN on
# card 1, ECDSA P-256 on card 2), authenticate (INTERNAL AUTHENTICATE), decrypt (RSA), derive
# (ECDH P-256), the signature counter as a data object, a wrong PIN, PW1 unblocked (C_InitPIN by the
# SO, --unlock-pin with the resetting code), a certificate written and deleted by the SO, a key pair
# generated on the card with PW3.  Prints our APDU counts.  With a 3.0 build of the module (CKM_EDDSA is 3.0's), a second
# rig with a third card, Ed25519 / X25519 / Ed25519: EdDSA with the signature key (context PIN)
# and by INTERNAL AUTHENTICATE, verified by openssl, and X25519 ECDH through PyKCS11.
#
#   tests/card/test_openpgp_p11forge.sh MODULE [MODULE_3_0]   # makes the fixtures, runs itself in rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd or pkcs11-tool; non-zero if any check fails.
# P11_RIG_KEEP=1 keeps the rig directory with all logs.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}
module=$(realpath "${1:?usage: $0 MODULE [MODULE_3_0]}")
module30=${2:+$(realpath "$2")}

if [ -z "${P11_RIG_DIR:-}" ]; then
    if [ "$(id -u)" != 0 ] && ! [ -w /run/pcscd ]; then echo "SKIP: the rig needs root"; exit 77; fi
    for f in /usr/sbin/pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so /usr/bin/opensc-tool /usr/bin/pkcs11-tool; do
        [ -e "$f" ] || { echo "SKIP: $f missing (sh scripts/deps.sh)"; exit 77; }
    done
    if pgrep -x pcscd >/dev/null; then echo "SKIP: a system pcscd is running"; exit 77; fi
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-openpgp-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card1" --serial 00000201 || exit 2
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card2" --algo p256 --serial 00000202 --pw1-multi || exit 2
    "$here/rig.sh" "$fixtures/card1" "$fixtures/card2" -- "$0" "$module" || exit $?
    [ -n "$module30" ] || { echo "(no 3.0 module given: Ed25519 / X25519 not run)"; exit 0; }
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card3" --algo 25519 --serial 00000203 || exit 2
    P11_OPENPGP_25519=1 "$here/rig.sh" "$fixtures/card3" -- "$0" "$module30"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
fx=$P11_PIV_FIXTURE fx2=${P11_PIV_FIXTURE2:-}
work=$P11_RIG_DIR/p11forge
mkdir -p "$work"
. "$here/checks.sh"
. "$here/openpgp_checks.sh"

# One token per card: the role argument of openpgp_checks.sh's p11 (sig|user) makes no difference.
slot_of() {  # READER -> our slot id
    pkcs11-tool --module "$module" -L 2>/dev/null | awk -v reader="$1" '
        /^Slot / { id = $2; if (index($0, reader) > 0) { print id; exit } }'
}
p11() {  # READER sig|user pkcs11-tool-options...
    local slot
    slot=$(slot_of "$1") && [ -n "$slot" ] || { echo "no slot for $1" >&2; return 1; }
    shift 2
    pkcs11-tool --module "$module" --slot "$slot" "$@"
}
pubkey() { openssl pkey -in "$1" -pubout -out "$2"; }
state() { "$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

head -c 1000 /dev/urandom >"$work/data"

if [ -n "${P11_OPENPGP_25519:-}" ]; then
    eddsa_signs() {  # ID KEYFILE
        p11 "$P11_PIV_READER" user --login --pin 123456 --sign -m EDDSA --id "$1" -i "$work/data" -o "$work/ed$1.sig"
        pubkey "$fx/$2" "$work/ed$1.pub"
        openssl pkeyutl -verify -pubin -inkey "$work/ed$1.pub" -rawin -in "$work/data" -sigfile "$work/ed$1.sig"
    }
    ed25519_sign() { eddsa_signs 01 sig.key; [ "$(state "$P11_PIV_STATE" 'd["sig_counter"]')" = 1 ]; }
    ed25519_auth() { eddsa_signs 03 aut.key; grep -q '^> 00880000' "$P11_PIV_LOG"; }
    x25519_derive() {
        local py=
        for p in "$python" python3; do "$p" -c 'import PyKCS11' 2>/dev/null && { py=$p; break; }; done
        [ -n "$py" ] || { echo "PyKCS11 not installed"; return 77; }
        openssl genpkey -algorithm X25519 -out "$work/peer.key"
        pubkey "$fx/dec.key" "$work/dec.pub"
        openssl pkeyutl -derive -inkey "$work/peer.key" -peerkey "$work/dec.pub" -out "$work/x25519.expected"
        # The peer's raw 32 bytes: the last 32 of its SubjectPublicKeyInfo.
        openssl pkey -in "$work/peer.key" -pubout -outform DER | tail -c 32 >"$work/peer.raw"
        "$py" - "$module" "$(slot_of "$P11_PIV_READER")" "$work/peer.raw" "$work/x25519.card" <<'PY'
import sys, PyKCS11
from PyKCS11 import CKA_CLASS, CKO_PRIVATE_KEY, CKO_SECRET_KEY, CKA_ID, CKA_KEY_TYPE, CKK_GENERIC_SECRET, CKA_VALUE, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_TOKEN
lib = PyKCS11.PyKCS11Lib()
lib.load(sys.argv[1])
lib.getSlotList(tokenPresent=True)  # the reader slots are known after a listing
s = lib.openSession(int(sys.argv[2]))
s.login("123456")
key = s.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (2,))])[0]
peer = open(sys.argv[3], "rb").read()
secret = s.deriveKey(key, [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_GENERIC_SECRET), (CKA_TOKEN, False),
                           (CKA_SENSITIVE, False), (CKA_EXTRACTABLE, True)],
                     PyKCS11.ECDH1_DERIVE_Mechanism(list(peer)))
open(sys.argv[4], "wb").write(bytes(s.getAttributeValue(secret, [CKA_VALUE])[0]))
PY
        cmp "$work/x25519.expected" "$work/x25519.card"
    }
    check ed25519-sign "Ed25519 signature key (context PIN), CKM_EDDSA, openssl verifies; the counter counts" ed25519_sign
    check ed25519-auth "Ed25519 authentication key by INTERNAL AUTHENTICATE, openssl verifies" ed25519_auth
    check x25519-derive "X25519 ECDH with the decryption key equals openssl's (PyKCS11)" x25519_derive
    report "libp11forge.so (3.0 profile) against a virtual OpenPGP card with Ed25519 / X25519 keys:"
    exit $?
fi

token_info() {
    pkcs11-tool --module "$module" -L | tee "$work/list"
    [ "$(grep -c 'token model *: OpenPGP v3.4' "$work/list")" = 2 ]
    grep -Eq 'serial num *: 00000201$' "$work/list"
    grep -Eq 'serial num *: 00000202$' "$work/list"
    grep -Eq 'token label *: OpenPGP card$' "$work/list"
}

objects_match_fixture() {
    p11 "$P11_PIV_READER" user --login --pin 123456 -O | tee "$work/objects"
    for id in 01 02 03; do
        grep -A2 'Private Key Object; RSA' "$work/objects" | grep -q "ID: *$id"
    done
    grep -A4 'Private Key Object; RSA' "$work/objects" | grep -A3 'ID: *01' | grep -q 'always authenticate'
    p11 "$P11_PIV_READER" user --read-object --type cert --id 03 -o "$work/aut.der"
    openssl x509 -in "$fx/aut.crt" -outform DER | cmp - "$work/aut.der"
    p11 "$P11_PIV_READER" user --read-object --type pubkey --id 01 -o "$work/sig-pub.der"
    openssl pkey -in "$fx/sig.key" -pubout -outform DER | cmp - "$work/sig-pub.der"
}

sign_rsa() {
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    # The signature key has CKA_ALWAYS_AUTHENTICATE (PW1 for one signature): pkcs11-tool logs in
    # again with CKU_CONTEXT_SPECIFIC, and VERIFY 81 goes right before PSO:CDS.
    p11 "$P11_PIV_READER" sig --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 \
        -i "$work/data" -o "$work/sig.sig"
    pubkey "$fx/sig.key" "$work/sig.pub"
    openssl dgst -sha256 -verify "$work/sig.pub" -signature "$work/sig.sig" "$work/data"
    [ "$(state "$P11_PIV_STATE" 'd["sig_counter"]')" = 1 ]
    tail -n +"$from" "$P11_PIV_LOG" | grep '^>' | grep -B1 '^> 002A9E9A' | head -1 | grep -q '^> 00200081'
}

counter_object() {
    p11 "$P11_PIV_READER" user --read-object --type data --label 'Digital signature counter' -o "$work/counter"
    [ "$(od -An -tx1 "$work/counter" | tr -d ' \n')" = 000001 ]
}

wrong_pin_counts() {
    if p11 "$P11_PIV_READER" user --login --pin 999999 -O >"$work/wrong" 2>&1; then
        echo "login with a wrong PIN succeeded"; return 1
    fi
    cat "$work/wrong"
    grep -q CKR_PIN_INCORRECT "$work/wrong"
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 2 ]
    # A new process reads the counter from C4: "count low" before anyone tries again.
    p11 "$P11_PIV_READER" user -T | tee "$work/low"
    grep -q 'user PIN count low' "$work/low"
    p11 "$P11_PIV_READER" user --login --pin 123456 -O >/dev/null
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 3 ]
}

keygen_p256() {
    local from
    from=$(wc -l <"$P11_PIV_LOG2")
    # With PW3 (the SO): GENERATE with P1 80 into the authentication slot of card 2 (P-256).
    p11 "$P11_PIV_READER2" user --login --login-type so --so-pin 12345678 --keypairgen --key-type EC:prime256v1 \
        --id 03 --label generated
    tail -n +"$from" "$P11_PIV_LOG2" | grep -q '^> 00478000000002A4'
    # A new process reads the new public key, signs with the new key, openssl verifies.
    p11 "$P11_PIV_READER2" user --read-object --type pubkey --id 03 -o "$work/gen.der"
    openssl pkey -pubin -inform DER -in "$work/gen.der" -out "$work/gen.pub"
    if openssl pkey -in "$fx2/aut.key" -pubout | cmp -s - "$work/gen.pub"; then
        echo "the public key is still the fixture's"; return 1
    fi
    p11 "$P11_PIV_READER2" user --login --pin 123456 --sign -m ECDSA-SHA256 --signature-format openssl \
        --id 03 -i "$work/data" -o "$work/gen.sig"
    openssl dgst -sha256 -verify "$work/gen.pub" -signature "$work/gen.sig" "$work/data"
}

unblock_pin() {
    # PW1 blocked by three wrong PINs; the SO (PW3) gives it a new value (C_InitPIN: RESET RETRY
    # COUNTER 02), blocked again, then the resetting code does (pkcs11-tool --unlock-pin:
    # C_SetPIN with the code outside a login, RESET RETRY COUNTER 00), after a wrong code.
    local i
    block() {
        for i in 1 2 3; do p11 "$P11_PIV_READER" user --login --pin 999999 -O >/dev/null 2>&1 || true; done
        [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 0 ]
    }
    block
    p11 "$P11_PIV_READER" user --login --login-type so --so-pin 12345678 --init-pin --new-pin 654321
    grep -q '^> 002C0281' "$P11_PIV_LOG"
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 3 ]
    p11 "$P11_PIV_READER" user --login --pin 654321 -O >/dev/null
    block
    # A resetting code (PUT DATA D3 after VERIFY 83), set behind our back with opensc-tool.
    opensc-tool --reader "$P11_PIV_READER" -s 00A4040006D27600012401 -s 00200083083132333435363738 \
        -s 00DA00D3083837363534333231
    if p11 "$P11_PIV_READER" user --unlock-pin --puk 11111111 --new-pin 123456 >"$work/wrong-rc" 2>&1; then
        echo "a wrong resetting code unblocked PW1"; return 1
    fi
    grep -q CKR_PIN_INCORRECT "$work/wrong-rc"
    p11 "$P11_PIV_READER" user --unlock-pin --puk 87654321 --new-pin 123456
    grep -q '^> 002C0081' "$P11_PIV_LOG"
    [ "$(state "$P11_PIV_STATE" 'd["tries"]["pw1"]')" = 3 ]
    p11 "$P11_PIV_READER" user --login --pin 123456 -O >/dev/null
}

certificates() {
    # The SO writes a certificate for the signature key (01: SELECT DATA occurrence 2, PUT DATA
    # 7F21), a new process reads it back (and the authentication key's, occurrence 0, is still
    # the fixture's), then deletes it; a user session cannot write one (PW3: 69 82).
    openssl x509 -in "$fx/ca.crt" -outform DER -out "$work/sig-cert.der"
    if p11 "$P11_PIV_READER" user --login --pin 123456 --write-object "$work/sig-cert.der" --type cert --id 01 \
        >"$work/cert-user" 2>&1; then
        echo "the user wrote a certificate"; return 1
    fi
    grep -q CKR_USER_NOT_LOGGED_IN "$work/cert-user"
    p11 "$P11_PIV_READER" user --login --login-type so --so-pin 12345678 --write-object "$work/sig-cert.der" \
        --type cert --id 01 --label "signature certificate"
    grep -q '^> 00A5020406' "$P11_PIV_LOG"
    [ "$(state "$P11_PIV_STATE" 'd["certs"][2]')" = "$(od -An -tx1 -v "$work/sig-cert.der" | tr -d ' \n')" ]
    p11 "$P11_PIV_READER" user --read-object --type cert --id 01 -o "$work/sig-cert.back"
    cmp "$work/sig-cert.der" "$work/sig-cert.back"
    p11 "$P11_PIV_READER" user --read-object --type cert --id 03 -o "$work/aut.back"
    openssl x509 -in "$fx/aut.crt" -outform DER | cmp - "$work/aut.back"
    p11 "$P11_PIV_READER" user --login --login-type so --so-pin 12345678 --delete-object --type cert --id 01
    [ -z "$(state "$P11_PIV_STATE" 'd["certs"][2]')" ]
    if p11 "$P11_PIV_READER" user --read-object --type cert --id 01 -o "$work/gone" 2>/dev/null; then
        echo "the deleted certificate is still there"; return 1
    fi
}

check info "pkcs11-tool -L: one token per card, serial numbers, model" token_info
check objects "keys 01/02/03, the certificate and a public key equal the fixture's" objects_match_fixture
check sign-rsa "RSA-2048 SHA256-RSA-PKCS with the signature key (context PIN) verifies; the counter counts" sign_rsa
check counter "the signature counter as a data object" counter_object
check_operations
check wrong-pin "a wrong PIN decrements the counter and shows as count low, a good one resets it" wrong_pin_counts
check certificates "the SO writes and deletes the signature key's certificate (SELECT DATA, PUT DATA 7F21); a new process reads it" certificates
check unblock-pin "PW1 blocked; C_InitPIN by the SO and --unlock-pin with the resetting code (after a wrong one) unblock it" unblock_pin
check keygen-p256 "card 2: C_GenerateKeyPair with PW3 (P-256, slot 03); the new key signs, openssl verifies" keygen_p256

count_scenarios "$module"
report "libp11forge.so against the virtual OpenPGP card:"
