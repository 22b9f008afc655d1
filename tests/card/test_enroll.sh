#!/bin/bash
# Enrollment of empty virtual PIV cards through libp11forge.so (issue 16): the SO is the card
# management key in hex (ykcs11's convention); pkcs11-tool --keypairgen generates on the card,
# openssl makes the certificate from a test CA (the card never sees the CA key),
# --write-object puts it into its container, and the freshly enrolled keys sign for openssl and
# are seen by OpenSC's own PIV module; --change-pin, --unlock-pin (PUK) after blocking the PIN,
# --delete-object; the CKR codes of wrong SO keys and templates (enroll_client.py).
#
#   tests/card/test_enroll.sh MODULE [SEED-DEMO]   # runs itself inside rig.sh with an empty card
#
# Exits 77 (skipped) without root, pcscd, vpcd, OpenSC or PyKCS11; non-zero if any check fails.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}
module=${1:?usage: test_enroll.sh path/to/libp11forge.so}
module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")
seed_demo=${2:-}  # examples/seed-demo: the seed's example flow on the freshly enrolled card

if [ -z "${P11_PIV_LOG:-}" ]; then
    if [ "$(id -u)" != 0 ] && ! [ -w /run/pcscd ]; then echo "SKIP: the rig needs root"; exit 77; fi
    for f in /usr/sbin/pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so /usr/bin/pkcs11-tool /usr/bin/openssl; do
        [ -e "$f" ] || { echo "SKIP: $f missing (sh scripts/deps.sh)"; exit 77; }
    done
    "$python" -c 'import PyKCS11' 2>/dev/null || { echo "SKIP: PyKCS11 missing (python3-pykcs11)"; exit 77; }
    if pgrep -x pcscd >/dev/null; then echo "SKIP: a system pcscd is running"; exit 77; fi
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-piv-enroll.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    # The second card is empty too, with an AES-192 management key (FIPS-197's example key).
    mkdir "$fixtures/aes" && echo "0A 000102030405060708090a0b0c0d0e0f1011121314151617" >"$fixtures/aes/mgmt"
    "$here/rig.sh" - "$fixtures/aes" -- "$0" "$module" "$seed_demo"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
work=$P11_RIG_DIR/enroll
mkdir -p "$work"
export P11FORGE_TOKEN_DIR=$work/softtoken P11FORGE_CACHE_DIR=$work/card-cache
unset P11FORGE_PCSC P11FORGE_PCSC_LIBRARY P11FORGE_CARD_CACHE
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
export OPENSC_CONF=$work/opensc.conf
so_key=010203040506070801020304050607080102030405060708

p11() { pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER" "$@"; }
opensc() { pkcs11-tool --module "$P11_OPENSC_MODULE" --slot-description "$P11_PIV_READER" "$@"; }
as_so() { p11 --login --login-type so --so-pin "$so_key" "$@"; }
head -c 1000 /dev/urandom >"$work/data"

# The test CA: its key stays on the host.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
    -subj "/CN=p11forge enrollment test CA" -days 30 2>/dev/null
# certify PUBKEY.pem NAME KEY-USAGE: a DER certificate of the CA for that public key.
certify() {
    printf 'keyUsage = critical, %s\n' "$3" >"$work/$2.ext"
    openssl req -new -key "$work/ca.key" -subj "/CN=$2" -out "$work/$2.csr" 2>/dev/null
    openssl x509 -req -in "$work/$2.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -force_pubkey "$1" \
        -extfile "$work/$2.ext" -days 30 -set_serial 0x$RANDOM -outform DER -out "$work/$2.der"
}
# generate KEY-TYPE ID: a key pair on the card as the SO (pkcs11-tool --keypairgen) and its
# public key as $work/pubID.pem, taken in the same process (a PIV card shows a new key to other
# processes only with a certificate): RSA read back with --read-object, EC from the EC_POINT
# --keypairgen prints (pkcs11-tool 0.23's --read-object fails on P-384 public keys with
# "cannot create EVP_PKEY").
generate() {
    local read=()
    [[ $1 == rsa:* ]] && read=(--read-object --type pubkey --id "$2" -o "$work/pub$2.der")
    as_so --keypairgen --key-type "$1" --id "$2" "${read[@]}" >"$work/gen$2.out" 2>&1 ||
        { cat "$work/gen$2.out"; return 1; }
    grep -q 'Key pair generated' "$work/gen$2.out"
    if [ ${#read[@]} -gt 0 ]; then
        openssl pkey -pubin -inform DER -in "$work/pub$2.der" -out "$work/pub$2.pem"
        return
    fi
    "$python" - "$(grep -m1 'EC_POINT:' "$work/gen$2.out" | awk '{print $2}')" >"$work/pub$2.pem" <<'PY'
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
der = bytes.fromhex(sys.argv[1])  # OCTET STRING { 04 X Y }
raw = der[2:] if der[1] < 0x80 else der[3:]
curve = {65: ec.SECP256R1(), 97: ec.SECP384R1()}[len(raw)]
key = ec.EllipticCurvePublicKey.from_encoded_point(curve, raw)
sys.stdout.write(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())
PY
}

. "$here/checks.sh"
# fails COMMAND...: asserts that the command fails (`! cmd` does not trip set -e).
fails() {
    if "$@"; then echo "unexpectedly succeeded: $*"; return 1; fi
}

bad_input() {
    "$python" "$here/enroll_client.py" "$module" "$P11_PIV_READER" bad-input
}

enroll_ec() {  # ID CURVE OPENSSL-CURVE MECHANISM DIGEST
    local id=$1 curve=$2 name=$3 mech=$4
    generate "EC:$name" "$id"
    openssl pkey -pubin -in "$work/pub$id.pem" -noout -text | grep -q "NIST CURVE: $curve"
    certify "$work/pub$id.pem" "key$id" digitalSignature
    as_so --write-object "$work/key$id.der" --type cert --id "$id"
    # Another process reads the card: the certificate is there, and its key signs.
    p11 --read-object --type cert --id "$id" -o "$work/read$id.der"
    cmp "$work/key$id.der" "$work/read$id.der"
    p11 --login --pin 123456 --sign -m "$mech" --id "$id" -i "$work/data" -o "$work/sig$id" --signature-format openssl
    openssl dgst "-$5" -verify "$work/pub$id.pem" -signature "$work/sig$id" "$work/data"
}
enroll_p256() { enroll_ec 02 P-256 prime256v1 ECDSA-SHA256 sha256; }
enrolled_bad_input() {
    "$python" "$here/enroll_client.py" "$module" "$P11_PIV_READER" enrolled
}
enroll_p384() { enroll_ec 04 P-384 secp384r1 ECDSA-SHA384 sha384; }

enroll_rsa() {
    generate rsa:2048 01
    openssl pkey -pubin -in "$work/pub01.pem" -noout -text | grep -q 'Public-Key: (2048 bit)'
    certify "$work/pub01.pem" key01 digitalSignature
    as_so --write-object "$work/key01.der" --type cert --id 01
    p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/sig01"
    openssl dgst -sha256 -verify "$work/pub01.pem" -signature "$work/sig01" "$work/data"
}

seed_demo_on_card() {  # 9D RSA-2048 enrolled, then the seed's flow: sign with 9A, decrypt and unwrap with 9D
    [ -n "$seed_demo" ] || { echo "no seed-demo given"; exit 77; }
    generate rsa:2048 03
    certify "$work/pub03.pem" key03 keyEncipherment
    as_so --write-object "$work/key03.der" --type cert --id 03
    local slot
    slot=$(pkcs11-tool --module "$module" -L | awk -v r="$P11_PIV_READER" '$0 ~ r { print $2; exit }')
    "$seed_demo" --module "$module" --pin 123456 --slot "$slot" --cert 'pkcs11:id=%01;type=cert' </dev/null |
        tee "$work/seed.out"
    grep -q 'using ".*key01' "$work/seed.out"
    grep -q 'using ".*key03' "$work/seed.out"
    grep -q "seed demo: all steps succeeded" "$work/seed.out"
}

enroll_retired() {  # a P-256 key in retired slot 82 (CKA_ID 05): the key history object follows
    generate EC:prime256v1 05
    certify "$work/pub05.pem" key05 keyAgreement
    as_so --write-object "$work/key05.der" --type cert --id 05
    p11 --read-object --type cert --id 05 -o "$work/read05.der"
    cmp "$work/key05.der" "$work/read05.der"
}

opensc_sees() {
    opensc -O >"$work/opensc.out" 2>&1 || true
    cat "$work/opensc.out"
    for id in 01 02 04; do
        opensc --read-object --type cert --id "$id" -o "$work/opensc$id.der"
        cmp "$work/key$id.der" "$work/opensc$id.der"
    done
    # OpenSC signs with the enrolled 9C key too; the signature verifies with the public key we made.
    opensc --login --pin 123456 --sign -m ECDSA-SHA256 --id 02 -i "$work/data" -o "$work/opensc.sig" --signature-format openssl
    openssl dgst -sha256 -verify "$work/pub02.pem" -signature "$work/opensc.sig" "$work/data"
}

aes_management_key() {
    local aes=000102030405060708090a0b0c0d0e0f1011121314151617 from
    from=$(wc -l <"$P11_PIV_LOG2")
    fails pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER2" --login --login-type so \
        --so-pin "$so_key" --keypairgen --key-type EC:prime256v1 --id 01
    pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER2" --login --login-type so \
        --so-pin "$aes" --keypairgen --key-type EC:prime256v1 --id 01 | tee "$work/aes.out"
    grep -q 'Key pair generated' "$work/aes.out"
    # 3DES asked first (P1 03) and refused, then AES-192 (P1 0A) for 9B, then GENERATE into 9A.
    tail -n +"$from" "$P11_PIV_LOG2" | grep -q '^> 0087039B047C02810000'
    tail -n +"$from" "$P11_PIV_LOG2" | grep -q '^< 6A86'
    tail -n +"$from" "$P11_PIV_LOG2" | grep -q '^> 00870A9B'
    tail -n +"$from" "$P11_PIV_LOG2" | grep -q '^> 0047009A'
}

change_pin() {
    p11 --login --pin 123456 --change-pin --new-pin 654321
    p11 --login --pin 654321 --change-pin --new-pin 123456
    fails p11 --login --pin 654321 --change-pin --new-pin 123456
}

unlock_pin() {
    for _ in 1 2 3; do fails p11 --login --pin 999999 -O >/dev/null 2>&1; done
    p11 -T | tee "$work/locked.out"
    grep -q 'user PIN locked' "$work/locked.out"
    fails p11 --unlock-pin --puk 87654321 --new-pin 112233
    p11 --unlock-pin --puk 12345678 --new-pin 112233
    p11 --login --pin 112233 --sign -m ECDSA-SHA256 --id 02 -i "$work/data" -o "$work/sig-unlocked" --signature-format openssl
    openssl dgst -sha256 -verify "$work/pub02.pem" -signature "$work/sig-unlocked" "$work/data"
    p11 --login --pin 112233 --change-pin --new-pin 123456
}

destroy_cert() {
    as_so --delete-object --type cert --id 04
    fails p11 --read-object --type cert --id 04 -o "$work/gone.der" 2>/dev/null
    # The card answers 6A 82 for the container now.
    tail -4 "$P11_PIV_LOG"
    opensc -O >"$work/opensc-after.out" 2>&1 || true
    grep -q 'ID:.*02' "$work/opensc-after.out"  # the others are still there
    fails grep -q 'ID:.*04' "$work/opensc-after.out"
}

check bad-input "wrong SO keys, sizes, curves, ids, classes, not logged in, read-only; SO C_SetPIN, puk:/pin: prefixes: the precise CKRs" bad_input
check enroll-p256 "pkcs11-tool --keypairgen EC P-256 in 9C, CA certificate written, signs (PIN-always)" enroll_p256
check enrolled-bad-input "destroying without the SO, read-only, a key, a bad handle; NULL output pointers" enrolled_bad_input
check enroll-p384 "P-384 in 9E: generated, certified, signs" enroll_p384
check enroll-rsa "pkcs11-tool --keypairgen RSA-2048 in 9A, certificate, SHA256-RSA-PKCS verifies" enroll_rsa
check seed-demo "RSA-2048 in 9D enrolled; the seed's example signs with 9A, decrypts and unwraps with 9D" seed_demo_on_card
check enroll-retired "retired slot 82 (CKA_ID 05): key history updated, another process reads the certificate" enroll_retired
if [ -e "$P11_OPENSC_MODULE" ]; then
    check opensc "OpenSC's PIV module sees the enrolled certificates and signs with the new 9C key" opensc_sees
fi
check aes-key "card 2's AES-192 management key: 3DES refused (6A 86), AES-192 taken; a wrong key is refused" aes_management_key
check change-pin "pkcs11-tool --change-pin there and back; the old PIN is refused" change_pin
check unlock-pin "PIN blocked by wrong tries; --unlock-pin with a wrong PUK fails, with the PUK resets it" unlock_pin
check destroy-cert "--delete-object --type cert empties the container (OpenSC sees it gone)" destroy_cert

echo
echo "PIV enrollment through libp11forge.so:"
printf '  %s\n' "${results[@]}"
echo "$((${#results[@]} - failed)) passed or skipped, $failed failed"
[ "$failed" -eq 0 ]
