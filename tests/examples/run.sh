#!/bin/bash
# Runs the examples against one module, the way a user would, and checks
# their output and results with independent tools (openssl).
#   run.sh KIND MODULE BUILD_DIR [PROFILE]    (KIND: p11forge | softhsm)
# PROFILE: the Cryptoki profile our module was built for (2.11, 2.11-extended,
# 2.40, 3.0), which decides the mechanisms the examples may find listed.
set -euo pipefail
kind=$1 module=$2 build=$3 profile=${4:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
. "$here/../common/module_env.sh"
module_work "$kind"

tool() { pkcs11-tool --module "$module" "$@" >"$work/tool.log" 2>&1 || { cat "$work/tool.log"; fail "pkcs11-tool $*"; }; }
tool --init-token --slot-index 0 --so-pin 12345678 --label examples
# The slot id (SoftHSM moves an initialised token to a new, random slot id).
slot=$(pkcs11-tool --module "$module" -L 2>/dev/null |
    awk '/token label *: examples/{print prev} {if ($1=="Slot") {p=$3; gsub(/[():]/, "", p); prev=p}}' | head -n 1)
slot=$((slot))
[ -n "$slot" ] || fail "no initialised slot"
tool --slot "$slot" --login --login-type so --so-pin 12345678 --init-pin --pin 123456

# A certificate and its key, made outside the token (openssl) and imported.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout k.pem -nodes -out c.pem -days 30 \
    -subj "/CN=Example Signer/O=p11forge" -addext keyUsage=digitalSignature 2>/dev/null
openssl x509 -in c.pem -outform der -out c.der
openssl pkey -in k.pem -outform der -out k.der
tool --slot "$slot" --login --pin 123456 --write-object c.der --type cert --id 0a --label signer
tool --slot "$slot" --login --pin 123456 --write-object k.der --type privkey --id 0a --label signer

echo "== list-slots"
"$build/examples/list-slots" "$module" | tee list.out
grep -q 'token "examples"' list.out || fail "list-slots did not show the token"
grep -q 'CERTIFICATE *label "signer" id 0a.*subject "CN=Example Signer, O=p11forge"' list.out ||
    fail "list-slots did not decode the certificate"
"$build/examples/list-slots" "pkcs11:token=examples;type=private?module-path=$module&pin-value=123456" | tee uri.out
grep -q 'PRIVATE_KEY *label "signer" id 0a CKK_EC P-256' uri.out || fail "list-slots by URI did not find the private key"
grep -q 'CERTIFICATE' uri.out && fail "type=private in the URI did not filter"

echo "== select-certificate"
echo "seed data" >data
"$build/examples/select-certificate" --module "$module" --pin 123456 --data data --out sig | tee select.out
grep -q 'using CN=Example Signer, O=p11forge' select.out || fail "select-certificate chose nothing"
# PKCS #11 ECDSA is r||s; openssl wants DER.   ecdsa_to_der IN OUT
ecdsa_to_der() { /usr/bin/python3 "$here/ecdsa_to_der.py" "$1" "$2"; }
ecdsa_to_der sig sig.der
openssl x509 -in c.pem -pubkey -noout >pub.pem
openssl dgst -sha256 -verify pub.pem -signature sig.der data | grep 'Verified OK' >/dev/null || fail "signature does not verify"

echo "== seed-demo"
demo() { "$build/examples/seed-demo" --module "$module" --pin 123456 --slot "$slot" "$@" </dev/null; }
# The token holds one signing certificate: it is taken; nothing may decrypt.
demo --signature-out demo.sig | tee demo.out
grep -q 'using "CN=Example Signer, O=p11forge"' demo.out || fail "seed-demo did not take the only signer"
grep -Eq '^  sign/verify +ok' demo.out || fail "seed-demo did not sign"
# Checked on the host against the certificate (the token has no public key object to verify with).
printf '%s' "The seed's example: sign, encrypt, wrap." >message
ecdsa_to_der demo.sig demo.sig.der
openssl dgst -sha256 -verify pub.pem -signature demo.sig.der message >/dev/null || fail "seed-demo's ECDSA signature"
# The same through CKM_ECDSA over a hash seed-demo has the token make.
grep -q 'verified on the host against the certificate (OpenSSL, SHA-256)' demo.out || fail "seed-demo did not verify on the host"
demo --bare-signature --signature-out bare.sig | grep 'signed with CKM_ECDSA over a SHA-256 hash made on the host:' >/dev/null ||
    fail "seed-demo --bare-signature (EC)"
ecdsa_to_der bare.sig bare.sig.der
openssl dgst -sha256 -verify pub.pem -signature bare.sig.der message >/dev/null || fail "seed-demo's bare ECDSA signature"
grep -Eq '^  encrypt/decrypt +skipped +no certificate passes the rules' demo.out || fail "seed-demo: encryption not skipped"
# A certificate whose key has another CKA_ID (imported apart): found by its public key.
openssl req -x509 -newkey rsa:2048 -keyout u.pem -nodes -out u.crt -days 30 \
    -subj "/CN=Unlinked Signer/O=p11forge" -addext keyUsage=digitalSignature 2>/dev/null
openssl x509 -in u.crt -outform der -out u.der
openssl pkey -in u.pem -outform der -out u.key.der
tool --slot "$slot" --login --pin 123456 --write-object u.der --type cert --id 0b --label unlinked
tool --slot "$slot" --login --pin 123456 --write-object u.key.der --type privkey --id 0c --label unlinked
demo --subject Unlinked --signature-out u.sig | tee unlinked.out
grep -q 'private key present (matched by public key)' unlinked.out || fail "seed-demo did not match the key by its public key"
grep -q 'using "CN=Unlinked Signer, O=p11forge"' unlinked.out || fail "seed-demo --subject Unlinked"
openssl x509 -in u.crt -pubkey -noout >u.pub
openssl dgst -sha256 -verify u.pub -signature u.sig message >/dev/null || fail "the unlinked key's signature does not verify"
# The demo's PKI on this token: four signing certificates pass, no terminal, no choice: an error.
if demo --make-pki >pki.out 2>&1; then cat pki.out; fail "seed-demo guessed among several certificates"; fi
grep -q 'there is no terminal to ask: give --choose N or --cert URI' pki.out || { cat pki.out; fail "seed-demo: no clear error"; }
grep -q 'rejected "CN=demo expired, O=p11forge demo": expired' pki.out || fail "seed-demo: the expired certificate not rejected"
grep -q 'rejected "CN=demo encryption, O=p11forge demo": key usage does not allow signing' pki.out ||
    fail "seed-demo: the encryption certificate not rejected for signing"
if demo --choose 9 >bad.out 2>&1; then fail "seed-demo took --choose 9"; fi
grep -q -- '--choose 9: only 4 certificate(s) offered' bad.out || { cat bad.out; fail "seed-demo: no reason for a bad --choose"; }
# Chosen by URI: every operation with the demo's signing and encryption keys.
demo --cert 'pkcs11:token=examples;object=demo%20signing;type=cert' | tee uri.out
grep -q 'using "CN=demo signing, O=p11forge demo"' uri.out || fail "seed-demo --cert chose another certificate"
grep -q 'using "CN=demo encryption, O=p11forge demo"' uri.out || fail "seed-demo chose no encryption certificate"
grep -q 'seed demo: all steps succeeded' uri.out || fail "seed-demo --cert"
# The mechanisms are the best the token lists: a 2.11 token has no SHA-2
# signature (the host hashes) and no SHA-256 inside OAEP; SoftHSMv2 2.6 does
# OAEP with SHA-1 only.
case $kind/$profile in
p11forge/2.11) sign='CKM_RSA_PKCS over a SHA-256 DigestInfo made on the host' oaep='RSA-OAEP with SHA-1' ;;
p11forge/2.11-extended) sign='CKM_SHA256_RSA_PKCS' oaep='RSA-OAEP with SHA-1' ;;
softhsm/*) sign='CKM_SHA256_RSA_PKCS' oaep='RSA-OAEP with SHA-1' ;;
*) sign='CKM_SHA256_RSA_PKCS' oaep='RSA-OAEP with SHA-256' ;;
esac
grep -Eq "^  sign/verify +ok +$sign, verified on the token and on the host against the certificate" uri.out ||
    fail "seed-demo did not sign with $sign"
grep -Eq "^  encrypt/decrypt +ok +$oaep, encrypted on the token" uri.out || fail "seed-demo did not encrypt with $oaep"
grep -Eq "^  wrap/unwrap +ok +an AES-256 key wrapped with $oaep and unwrapped: the same key" uri.out ||
    fail "seed-demo did not wrap with $oaep"
# Decryption chosen by URI as well.
demo --cert 'pkcs11:object=demo%20signing' --cert-decrypt 'pkcs11:object=demo%20encryption;type=cert' >uri2.out ||
    { cat uri2.out; fail "seed-demo --cert-decrypt"; }
grep -q 'seed demo: all steps succeeded' uri2.out || { cat uri2.out; fail "seed-demo --cert-decrypt"; }
if demo --cert 'pkcs11:object=demo%20signing' --cert-decrypt 'pkcs11:object=demo%20signing' >uri3.out 2>&1; then
    fail "seed-demo decrypted with a signing certificate named by --cert-decrypt"
fi
grep -Eq '^  encrypt/decrypt +FAILED' uri3.out || { cat uri3.out; fail "seed-demo: a rejected --cert-decrypt is not a failure"; }
# By number, and narrowed by --subject: the one left is taken.
demo --choose 1 | grep 'using "CN=Example Signer, O=p11forge"' >/dev/null || fail "seed-demo --choose 1"
demo --subject 'demo CA' | grep 'using "CN=demo CA, O=p11forge demo"' >/dev/null || fail "seed-demo --subject"

if [ "$kind" = p11forge ]; then
    echo "== seed-demo's own demo token on this build"
    "$build/examples/seed-demo" --module "$module" --token-dir "$work/demo-token" --choose 2 </dev/null | tee own.out
    grep -q "(Cryptoki ${profile%-*}" own.out || fail "seed-demo's module does not report $profile"
    grep -q 'seed demo: all steps succeeded' own.out || fail "seed-demo's demo token on the $profile build"
fi

# The same flow in plain C (p11-kit's pkcs11.h, libcrypto on the host), on the same token and PKI.
if [ -x "$build/examples/seed-demo-c" ]; then
    echo "== seed-demo-c"
    democ() { "$build/examples/seed-demo-c" --module "$module" --pin 123456 --slot "$slot" "$@" </dev/null; }
    # Several signing certificates, no terminal and no choice: an error naming --choose, not a guess.
    if democ >democ.out 2>&1; then cat democ.out; fail "seed-demo-c guessed among several certificates"; fi
    grep -q 'there is no terminal to ask: give --choose N' democ.out || { cat democ.out; fail "seed-demo-c: no clear error"; }
    grep -q 'rejected "CN=demo expired, O=p11forge demo": expired (' democ.out ||
        fail "seed-demo-c: the expired certificate not rejected with its reason"
    grep -q 'rejected "CN=demo encryption, O=p11forge demo": key usage does not allow signing' democ.out ||
        fail "seed-demo-c: the encryption certificate not rejected for signing"
    grep -q 'private key present (matched by public key)' democ.out || fail "seed-demo-c did not match a key by its public key"
    # The signing certificate's number in the listing: the order is the module's.
    n=$(awk '/^signing: the rules/ { on = 1 } /^decryption: the rules/ { on = 0 }
             on && /^  [0-9]+\) CN=demo signing, / { sub(/\).*/, ""); print $1 }' democ.out)
    [ -n "$n" ] || { cat democ.out; fail "seed-demo-c did not offer the signing certificate"; }
    democ --choose "$n" --signature-out democ.sig | tee democ-chosen.out
    grep -q 'using "CN=demo signing, O=p11forge demo"' democ-chosen.out || fail "seed-demo-c --choose $n"
    grep -q "signed with $sign:" democ-chosen.out || fail "seed-demo-c did not sign with $sign"
    grep -Eq '^  sign/verify +ok +.*verified on the token and on the host' democ-chosen.out || fail "seed-demo-c: sign/verify"
    grep -q 'using "CN=demo encryption, O=p11forge demo"' democ-chosen.out || fail "seed-demo-c chose no encryption certificate"
    grep -Eq '^  encrypt/decrypt +ok' democ-chosen.out || fail "seed-demo-c: encrypt/decrypt"
    grep -Eq '^  wrap/unwrap +ok' democ-chosen.out || fail "seed-demo-c: wrap/unwrap"
    grep -q 'seed demo (C): all steps succeeded' democ-chosen.out || fail "seed-demo-c --choose $n"
    # A relying party's own check, with the certificate read back from the token.
    tool --slot "$slot" --read-object --type cert --label 'demo signing' --output-file democ-cert.der
    openssl x509 -inform der -in democ-cert.der -pubkey -noout >democ-pub.pem
    openssl dgst -sha256 -verify democ-pub.pem -signature democ.sig message >/dev/null ||
        fail "seed-demo-c's RSA signature does not verify with openssl"
    # The EC certificate: ECDSA, checked on the host (no public key object); nothing to decrypt with.
    democ --subject 'Example Signer' --signature-out democ-ec.sig | tee democ-ec.out
    grep -q 'using "CN=Example Signer, O=p11forge"' democ-ec.out || fail "seed-demo-c --subject 'Example Signer'"
    grep -Eq '^  sign/verify +ok +CKM_ECDSA' democ-ec.out || fail "seed-demo-c did not sign with ECDSA"
    grep -Eq '^  encrypt/decrypt +skipped +no certificate passes the rules' democ-ec.out ||
        fail "seed-demo-c: encryption not skipped with its reason"
    grep -q 'seed demo (C): done, some steps skipped' democ-ec.out || fail "seed-demo-c: the EC run's last line"
    ecdsa_to_der democ-ec.sig democ-ec.sig.der
    openssl dgst -sha256 -verify pub.pem -signature democ-ec.sig.der message >/dev/null ||
        fail "seed-demo-c's ECDSA signature does not verify with openssl"
    # The key found by its public key signs too.
    democ --subject Unlinked | grep -Eq '^  sign/verify +ok' || fail "seed-demo-c --subject Unlinked"
    # A number beyond the list: a failure with its reason.
    if democ --choose 9 >democ-bad.out 2>&1; then fail "seed-demo-c took --choose 9"; fi
    grep -q -- '--choose 9: only 4 certificate(s) offered' democ-bad.out || { cat democ-bad.out; fail "seed-demo-c: no reason for --choose 9"; }
    grep -q 'seed demo (C): FAILED' democ-bad.out || fail "seed-demo-c --choose 9: no FAILED line"
    # A card without public key objects: encrypted on the host to the certificate's key, wrapped with a session copy.
    tool --slot "$slot" --login --pin 123456 --delete-object --type pubkey --label 'demo encryption'
    democ --choose "$n" | tee democ-nopub.out
    grep -Eq '^  encrypt/decrypt +ok +.*encrypted on the host' democ-nopub.out || fail "seed-demo-c: encryption on the host"
    grep -Eq "^  wrap/unwrap +ok +.*the certificate's key, imported for the session" democ-nopub.out ||
        fail "seed-demo-c: wrap with the certificate's key"
    # A usage error is told apart from a failure.
    set +e; "$build/examples/seed-demo-c" --choose 1 >/dev/null 2>&1; rc=$?; set -e
    [ "$rc" -eq 2 ] || fail "seed-demo-c without --module: exit $rc, not 2"
    # A key that wants the PIN for every use (CKA_ALWAYS_AUTHENTICATE): logged in again after C_SignInit.
    # Strict 2.11 has no such attribute (2.20): the module refuses it, so there is nothing to try.
    if [ "$kind/$profile" = p11forge/2.11 ]; then
        echo "seed-demo-c with CKA_ALWAYS_AUTHENTICATE: not on a strict 2.11 build (the attribute is 2.20)"
    else
        tool --slot "$slot" --login --pin 123456 --keypairgen --key-type rsa:2048 --id 0d --label again --always-auth --usage-sign
        tool --slot "$slot" --read-object --type pubkey --id 0d --output-file again.pub.der
        openssl pkey -pubin -inform der -in again.pub.der -out again.pub.pem
        openssl req -new -key k.pem -subj "/CN=Again Signer/O=p11forge" -out again.csr
        printf 'keyUsage=digitalSignature\n' >again.ext
        openssl x509 -req -in again.csr -CA c.pem -CAkey k.pem -force_pubkey again.pub.pem -days 30 -extfile again.ext \
            -outform der -out again.der 2>/dev/null
        tool --slot "$slot" --login --pin 123456 --write-object again.der --type cert --id 0d --label again
        democ --subject Again | tee democ-again.out
        grep -q 'the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)' democ-again.out ||
            fail "seed-demo-c did not see CKA_ALWAYS_AUTHENTICATE"
        grep -Eq '^  sign/verify +ok' democ-again.out || fail "seed-demo-c: signing with a key that asks again"
    fi
fi
echo "examples: all passed against $kind${profile:+ built for $profile}"
