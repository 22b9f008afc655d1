#!/bin/bash
# The PEM-directory module (examples/provider/pem) with a directory made here
# by openssl: an RSA and an EC certificate with their keys encrypted under
# the PIN, a certificate without a key and one whose key is not encrypted.  pkcs11-tool, p11tool and
# OpenSSL's pkcs11 engine list, log in and sign; plain openssl checks every
# signature against the certificate's own public key.
. "$(dirname "$0")/../clients/lib.sh"
p11_setup "$1" provider
p11_require p11tool
PIN=4321
D=$P11_TMP/pem
W=$P11_TMP/w
mkdir -p "$D" "$W"
export P11FORGE_PEM_DIR=$D

# make_pair NAME KEYGEN-ARGS...: NAME.crt, self-signed, and NAME.key under the PIN.
make_pair() {
    local name=$1
    shift
    openssl req -x509 -nodes -subj "/CN=$name" -days 30 "$@" -keyout "$W/$name.plain" -out "$D/$name.crt" 2>/dev/null
    openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$W/$name.plain" -passout "pass:$PIN" -out "$D/$name.key"
    openssl x509 -in "$D/$name.crt" -pubkey -noout >"$W/$name.pub"
}
# id_of NAME: the CKA_ID the module gives NAME's objects, SHA-1 of the public key's DER.
id_of() { openssl pkey -pubin -in "$W/$1.pub" -outform DER | sha1sum | cut -d' ' -f1; }
make_pair rsa -newkey rsa:2048
make_pair ec -newkey ec -pkeyopt ec_paramgen_curve:P-256
make_pair lone -newkey ec -pkeyopt ec_paramgen_curve:P-256
rm "$D/lone.key"
# A key left unencrypted: the PIN would not guard it, so it is not served.
make_pair plain -newkey ec -pkeyopt ec_paramgen_curve:P-256
cp "$W/plain.plain" "$D/plain.key"
p11_random_file "$W/data" 3000
openssl dgst -sha256 -binary "$W/data" >"$W/data.sha256"

# Keys are named by ID for signing: pkcs11-tool 0.23 ignores --label there
# and takes the first private key.
tool() { pkcs11-tool --module "$P11_MODULE" "$@"; }
tool_user() { pkcs11-tool --module "$P11_MODULE" --login --pin "$PIN" "$@"; }

lists_token() {
    p11_run tool --list-slots
    p11_expect 'token label *: pem-files$' "the token is not listed"
    p11_expect 'token flags *:.*login required.*readonly' "the token is not login-required and read-only"
}
lists_public() {
    p11_run tool --list-objects
    [ "$(grep -c '^Certificate Object' "$P11_TMP/last.out")" = 4 ] || p11_fail "not four certificates"
    p11_expect 'Public Key Object; RSA 2048 bits' "the RSA public key (with CKA_MODULUS_BITS) is not listed"
    p11_expect_not 'Private Key Object' "a private key is listed before login"
}
lists_private() {
    p11_run tool_user --list-objects --type privkey
    [ "$(grep -c '^Private Key Object' "$P11_TMP/last.out")" = 2 ] || p11_fail "not the two keys that have files"
    p11_expect_not 'label: *lone' "a key is listed for the certificate that has none"
    p11_expect_not 'label: *plain' "the unencrypted key is served"
    p11_expect "ID: *$(id_of rsa)" "the RSA key's CKA_ID is not the SHA-1 of its public key"
}
certificate_value() {
    p11_run tool --read-object --type cert --label rsa -o "$W/rsa.der"
    openssl x509 -in "$D/rsa.crt" -outform DER -out "$W/rsa.file.der"
    p11_same "$W/rsa.der" "$W/rsa.file.der" "CKA_VALUE is not the certificate's DER"
}
wrong_pin() {
    p11_run_fails tool --login --pin 9999 --list-objects
    p11_expect 'CKR_PIN_INCORRECT' "a wrong PIN is not CKR_PIN_INCORRECT"
}
tool_rsa_sign() {
    p11_run tool_user --sign -m SHA256-RSA-PKCS --id "$(id_of rsa)" -i "$W/data" -o "$W/rsa.sig"
    p11_run openssl dgst -sha256 -verify "$W/rsa.pub" -signature "$W/rsa.sig" "$W/data"
    p11_expect 'Verified OK' "openssl rejects the SHA256-RSA-PKCS signature"
}
tool_ec_sign() {
    p11_run tool_user --sign -m ECDSA --id "$(id_of ec)" -i "$W/data.sha256" -o "$W/ec.sig" --signature-format openssl
    p11_run openssl pkeyutl -verify -pubin -inkey "$W/ec.pub" -in "$W/data.sha256" -sigfile "$W/ec.sig"
    p11_expect 'Signature Verified Successfully' "openssl rejects the ECDSA signature"
}
p11tool_sign() {
    local key
    for key in rsa ec; do
        p11_run p11tool --provider "$P11_MODULE" --login --set-pin "$PIN" --test-sign "pkcs11:token=pem-files;object=$key;type=private"
        p11_expect 'Verifying against public key in the token\.\.\. ok' "p11tool's --test-sign fails with the $key key"
    done
}
p11tool_certs() {
    p11_run p11tool --provider "$P11_MODULE" --list-all-certs "pkcs11:token=pem-files"
    p11_expect 'Label: lone' "p11tool does not list the keyless certificate"
    p11_expect 'Label: rsa' "p11tool does not list the RSA certificate"
}
engine_sign() {
    local engine_so
    engine_so=$(find /usr/lib -path '*engines-3/pkcs11.so' 2>/dev/null | head -n 1)
    [ -n "$engine_so" ] || p11_fail "the libp11 engine (libengine-pkcs11-openssl) is not installed"
    printf 'openssl_conf = init\n[init]\nengines = e\n[e]\npkcs11 = p\n[p]\nengine_id = pkcs11\ndynamic_path = %s\nMODULE_PATH = %s\ninit = 0\n' \
        "$engine_so" "$P11_MODULE" >"$W/openssl.cnf"
    local key
    for key in rsa ec; do
        OPENSSL_CONF=$W/openssl.cnf p11_run openssl dgst -engine pkcs11 -keyform engine -sha256 \
            -sign "pkcs11:token=pem-files;object=$key;type=private?pin-value=$PIN" -out "$W/$key.eng.sig" "$W/data"
        p11_run openssl dgst -sha256 -verify "$W/$key.pub" -signature "$W/$key.eng.sig" "$W/data"
        p11_expect 'Verified OK' "openssl rejects the engine's $key signature"
    done
}

p11_check lists-token "the token is listed, login required and read-only" lists_token
p11_check lists-public "four certificates and their public keys, no private key, before login" lists_public
p11_check lists-private "after login, the two keys that have encrypted files" lists_private
p11_check certificate-value "a certificate's CKA_VALUE is its file's DER" certificate_value
p11_check wrong-pin "a PIN that opens no key is CKR_PIN_INCORRECT" wrong_pin
p11_check pkcs11-tool-rsa "pkcs11-tool: SHA256-RSA-PKCS, checked by openssl" tool_rsa_sign
p11_check pkcs11-tool-ec "pkcs11-tool: ECDSA on a digest, checked by openssl" tool_ec_sign
p11_check p11tool-certs "p11tool lists the certificates" p11tool_certs
p11_check p11tool-sign "p11tool --test-sign with both keys" p11tool_sign
p11_check engine-sign "OpenSSL's pkcs11 engine signs with both keys, checked by openssl" engine_sign
p11_finish
