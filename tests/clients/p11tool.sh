#!/bin/bash
# GnuTLS p11tool against a module: token listing, key generation through
# GnuTLS, --test-sign (sign with the token, verify with GnuTLS against the
# public key), public key export compared with what pkcs11-tool reads.
#   usage: p11tool.sh MODULE.so softhsm|p11forge
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_softhsm=()
# shellcheck disable=SC2034
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
p11_require p11tool
W=$P11_TMP/w
mkdir -p "$W"
TOKEN_URI="pkcs11:token=$P11_TOKEN_LABEL"

# p11t ARGS...: p11tool on this module only (--provider disables p11-kit's list).
p11t() { p11tool --provider "$P11_MODULE" "$@"; }
p11t_user() { p11tool --provider "$P11_MODULE" --login --set-pin "$P11_USER_PIN" "$@"; }

check_list_tokens() {
    p11_run p11t --list-tokens
    p11_expect "Label: $P11_TOKEN_LABEL\$" "token not listed"
    p11_expect "URL: pkcs11:.*token=$P11_TOKEN_LABEL" "no pkcs11: URI for the token"
    p11_expect 'Flags:.*Requires login' "token flags: login required missing"
}

check_generate() {
    p11_run p11t_user --generate-privkey ECDSA --curve secp256r1 --label gnutls-ec --outfile "$W/ec.pub.pem" "$TOKEN_URI"
    p11_run openssl pkey -pubin -in "$W/ec.pub.pem" -noout -text
    p11_expect 'prime256v1|P-256' "the generated EC key is not on P-256"
    p11_run p11t_user --generate-privkey RSA --bits 2048 --label gnutls-rsa --outfile "$W/rsa.pub.pem" "$TOKEN_URI"
    p11_run openssl pkey -pubin -in "$W/rsa.pub.pem" -noout -text
    p11_expect 'Public-Key: \(2048 bit\)' "the generated RSA key is not 2048 bits"
}

check_list_all() {
    p11_run p11t_user --list-all "$TOKEN_URI"
    local label type
    for label in gnutls-ec gnutls-rsa; do
        for type in private public; do
            p11_expect "URL: pkcs11:.*object=$label;type=$type" "$type key $label not listed with its URI"
        done
    done
    p11_expect 'Type: Private key \(EC/ECDSA-SECP256R1\)' "EC private key type not recognised"
    p11_expect 'Type: Private key \(RSA-2048\)' "RSA private key type/size not recognised"
    # Private keys are not visible without login.
    p11_run p11t --list-all "$TOKEN_URI"
    p11_expect_not 'type=private' "private keys listed without login"
    p11_expect "object=gnutls-ec;type=public" "public key not listed without login"
}

# privkey_uri LABEL: the URI p11tool --list-privkeys prints for the private
# key LABEL (the listing goes to the check's log).
privkey_uri() {
    p11_run p11t_user --list-privkeys "$TOKEN_URI" >&2
    sed -n "s/^[[:space:]]*URL: \(pkcs11:.*object=$1;type=private\)\$/\1/p" "$P11_TMP/last.out" | head -n 1
}

check_test_sign() {
    local label=$1 uri
    shift
    uri=$(privkey_uri "$label")
    [ -n "$uri" ] || p11_fail "no URI printed for the private key $label"
    p11_run p11t_user --test-sign "$@" "$uri"
    p11_expect 'Signing using .*\.\.\. ok' "signing failed"
    p11_expect 'Verifying against private key parameters\.\.\. ok' "verification against the key's parameters failed"
    p11_expect 'Verifying against public key in the token\.\.\. ok' "verification against the token's public key failed"
}

check_export() {
    local label
    for label in gnutls-ec gnutls-rsa; do
        p11_run p11t_user --export-pubkey --outfile "$W/$label.exported.pem" "$TOKEN_URI;object=$label;type=public"
        p11_run openssl pkey -pubin -in "$W/$label.exported.pem" -outform DER -out "$W/$label.exported.der"
        case $label in
        gnutls-ec) cp "$W/ec.pub.pem" "$W/$label.gen.pem" ;;
        gnutls-rsa) cp "$W/rsa.pub.pem" "$W/$label.gen.pem" ;;
        esac
        p11_run openssl pkey -pubin -in "$W/$label.gen.pem" -outform DER -out "$W/$label.gen.der"
        p11_same "$W/$label.gen.der" "$W/$label.exported.der" "exported public key differs from the one printed at generation"
        # An independent reader: pkcs11-tool builds the SPKI from the attributes.
        p11_run p11_tool --read-object --type pubkey --label "$label" -o "$W/$label.p11tool.der"
        p11_same "$W/$label.gen.der" "$W/$label.p11tool.der" "pkcs11-tool reads a different public key"
    done
}

check_wrong_pin() {
    local uri
    uri=$(privkey_uri gnutls-ec)
    p11_run_fails p11tool --provider "$P11_MODULE" --login --set-pin 000000 --test-sign "$uri"
    p11_expect_not 'Signing using .*\.\.\. ok' "signed with a wrong PIN"
}

p11_setup_token
p11_check list-tokens "--list-tokens shows the token, its URI and flags" check_list_tokens
p11_check generate "--generate-privkey ECDSA secp256r1 and RSA 2048 with --label" check_generate
p11_check list-all "--list-all after login: both pairs with URIs and types; no private keys without login" check_list_all
p11_check test-sign-ec "--test-sign on the EC key (ECDSA-SHA256)" check_test_sign gnutls-ec
p11_check test-sign-rsa "--test-sign on the RSA key (RSA-SHA256, PKCS#1 v1.5)" check_test_sign gnutls-rsa
p11_check test-sign-rsa-pss "--test-sign --sign-params RSA-PSS on the RSA key" check_test_sign gnutls-rsa --sign-params RSA-PSS
p11_check export "--export-pubkey equals the generated key and pkcs11-tool's reading" check_export
p11_check wrong-pin "--test-sign with a wrong PIN fails cleanly" check_wrong_pin
p11_finish
