#!/bin/bash
# The demo token's PKI, made by seed-demo through PKCS#11, checked as a
# relying party would: each certificate read back with pkcs11-tool, decoded
# and verified by openssl against the CA certificate from the same token.
#   pki.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module=$build/src/module/libp11forge.so
fail() { echo "FAIL: $*"; exit 1; }
. "$here/../common/module_env.sh"
module_work p11forge
# Only the software token: a card rig running beside (card tests) would add slots and certificates.
export P11FORGE_PCSC=0

# The README's main job, as scripts/demo.sh runs it without a terminal.
"$build/examples/seed-demo" --token-dir "$work/token" --choose 2 </dev/null >demo.out 2>&1 || { cat demo.out; fail "seed-demo"; }
grep -q 'seed demo: all steps succeeded' demo.out || { cat demo.out; fail "seed-demo"; }

read_cert() {  # label file
    pkcs11-tool --module "$module" --read-object --type cert --label "$1" -o "$2" >/dev/null 2>&1 ||
        fail "no certificate \"$1\" on the token"
    openssl x509 -inform DER -in "$2" -out "${2%.der}.pem" || fail "\"$1\" is no DER certificate"
    openssl x509 -inform DER -in "$2" -noout -text >"${2%.der}.txt"
}
read_cert "demo CA" ca.der
read_cert "demo signing" signing.der
read_cert "demo encryption" encryption.der
read_cert "demo expired" expired.der

expect() {  # file pattern what
    grep -q -- "$2" "$1" || { cat "$1"; fail "$3"; }
}
for c in ca signing encryption expired; do
    expect $c.txt 'Version: 3 (0x2)' "$c: not X.509 v3"
    expect $c.txt 'Signature Algorithm: sha256WithRSAEncryption' "$c: not signed with SHA-256 RSA"
    expect $c.txt 'Issuer: CN = demo CA, O = p11forge demo' "$c: wrong issuer"
    expect $c.txt 'Public-Key: (2048 bit)' "$c: not an RSA-2048 key"
    expect $c.txt 'X509v3 Key Usage: critical' "$c: no critical keyUsage"
done
expect ca.txt 'CA:TRUE' "the CA is no CA"
expect ca.txt 'Digital Signature, Certificate Sign, CRL Sign' "the CA may not sign certificates"
expect signing.txt 'Digital Signature, Non Repudiation' "the signing certificate's key usage"
expect encryption.txt 'Key Encipherment, Data Encipherment' "the encryption certificate's key usage"
expect expired.txt 'Subject: CN = demo expired' "the expired certificate's subject"

# The CA signed itself and the others; the expired one fails for its dates only.
for c in ca signing encryption; do
    openssl verify -CAfile ca.pem $c.pem >verify.out 2>&1 || { cat verify.out; fail "$c does not verify"; }
done
openssl verify -CAfile ca.pem expired.pem >verify.out 2>&1 && fail "the expired certificate verifies"
expect verify.out 'certificate has expired' "the expired certificate fails for another reason"
openssl verify -CAfile ca.pem -no_check_time expired.pem >verify.out 2>&1 ||
    { cat verify.out; fail "the expired certificate fails for more than its dates"; }
# Ignoring time, a certificate not from this CA must still fail: the check has teeth.
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 1 -subj "/CN=other" 2>/dev/null
openssl verify -CAfile other.pem signing.pem >/dev/null 2>&1 && fail "verify accepts any CA"

# The certificate objects carry what PKCS#11 applications look up.
# Each certificate's CKA_ID names its private key, as the seed's flow relies on.
pkcs11-tool --module "$module" -O --type cert >objects.out 2>&1
pkcs11-tool --module "$module" --login --pin 123456 -O --type privkey >keys.out 2>&1
for id in ca 01 02 03; do
    expect objects.out "ID: *$id\$" "no certificate with CKA_ID $id"
    expect keys.out "ID: *$id\$" "no private key with CKA_ID $id"
done
expect objects.out 'serial: *02' "the signing certificate's CKA_SERIAL_NUMBER"
# The signature, checked on the host against the certificate as a relying party would:
# once by CKM_SHA256_RSA_PKCS, once by CKM_RSA_PKCS over a DigestInfo seed-demo makes.
demo() { "$build/examples/seed-demo" --module "$module" --pin 123456 --slot 0 --choose 2 "$@" </dev/null; }
demo --signature-out hashed.sig >hashed.out 2>&1 || { cat hashed.out; fail "seed-demo on the kept token"; }
expect hashed.out 'signed with CKM_SHA256_RSA_PKCS:' "the token's SHA-256 signature was not chosen"
demo --bare-signature --signature-out bare.sig >bare.out 2>&1 || { cat bare.out; fail "seed-demo --bare-signature"; }
expect bare.out 'signed with CKM_RSA_PKCS over a SHA-256 DigestInfo made on the host' "the DigestInfo path was not taken"
expect bare.out 'seed demo: all steps succeeded' "seed-demo --bare-signature"
printf '%s' "The seed's example: sign, encrypt, wrap." >message
openssl x509 -in signing.pem -pubkey -noout >signing.pub
for sig in hashed.sig bare.sig; do
    openssl dgst -sha256 -verify signing.pub -signature $sig message >/dev/null || fail "$sig does not verify on the host"
done
cmp -s hashed.sig bare.sig || fail "PKCS #1 v1.5 is deterministic, yet the two signatures differ"
printf 'another message' >other
openssl dgst -sha256 -verify signing.pub -signature bare.sig other >/dev/null 2>&1 && fail "the host check accepts anything"
echo "pki: the demo token's certificates check out"
