#!/bin/bash
# NSS (libnss3-tools) against a module: modutil registers it in a fresh NSS
# database, certutil lists keys made by pkcs11-tool, makes keys and a
# certificate request and a self-signed certificate on the token, all checked
# by OpenSSL.
#   usage: nss.sh MODULE.so softhsm|p11forge
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_softhsm=()
# shellcheck disable=SC2034
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
p11_require modutil certutil
W=$P11_TMP/w
DB=sql:$P11_TMP/nssdb
NAME=p11forge-under-test
mkdir -p "$W" "$P11_TMP/nssdb"
printf '%s\n' "$P11_USER_PIN" >"$W/pin"
printf '000000\n' >"$W/badpin"
head -c 256 /dev/urandom >"$W/noise"

check_register() {
    p11_run certutil -N -d "$DB" --empty-password
    p11_run modutil -dbdir "$DB" -add "$NAME" -libfile "$P11_MODULE" -force
    p11_expect "Module \"$NAME\" added to database" "modutil -add not confirmed"
    p11_run modutil -dbdir "$DB" -list
    p11_expect "^ *[0-9]+\. $NAME\$" "module not listed"
    p11_expect "library name: $P11_MODULE\$" "module library path not listed"
    p11_expect "token: $P11_TOKEN_LABEL\$" "the module's token not listed by modutil"
    p11_run modutil -dbdir "$DB" -list "$NAME" -force
    p11_expect 'Status: Enabled' "module or slot not enabled"
    p11_expect "Token Name: $P11_TOKEN_LABEL" "token name not shown in the module details"
}

check_list_keys() {
    p11_run p11_tool_user --keypairgen --key-type rsa:2048 --id 0a51 --label nss-rsa
    p11_run p11_tool_user --keypairgen --key-type EC:prime256v1 --id 0a52 --label nss-ec
    p11_run certutil -K -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/pin"
    p11_expect "Checking token \"$P11_TOKEN_LABEL\"" "certutil did not look at the token"
    # (certutil prints a printable CKA_ID as a quoted string, others in hex.)
    p11_expect '^< *[0-9]+> rsa +0a51 +nss-rsa$' "RSA key (id 0a51, label nss-rsa) not listed"
    p11_expect '^< *[0-9]+> ec +0a52 +nss-ec$' "EC key (id 0a52, label nss-ec) not listed"
    local n
    n=$(grep -Ec '^< *[0-9]+> ' "$P11_TMP/last.out" || true)
    [ "$n" -eq 2 ] || p11_fail "certutil -K lists $n keys, 2 were generated"
    p11_run certutil -K -d "$DB" -h all -f "$W/pin"
    p11_expect '^< *[0-9]+> ec +0a52 +nss-ec$' "certutil -K -h all misses the token's keys"
}

check_request() {
    p11_run certutil -R -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/pin" -s "CN=nss-request" -k ec -q nistp256 \
        -z "$W/noise" -o "$W/req.der"
    p11_run openssl req -inform DER -in "$W/req.der" -noout -verify -text
    p11_expect 'verify OK' "the CSR signed on the token does not verify"
    p11_expect 'NIST CURVE: P-256|prime256v1' "the CSR key is not P-256"
    p11_run openssl req -inform DER -in "$W/req.der" -noout -pubkey
    cp "$P11_TMP/last.out" "$W/req.pub.pem"
    # The key NSS generated is a token object pkcs11-tool sees.
    p11_run certutil -K -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/pin"
    local n
    n=$(grep -Ec '^< *[0-9]+> ' "$P11_TMP/last.out" || true)
    [ "$n" -eq 3 ] || p11_fail "certutil -K lists $n keys after -R, expected 3"
    p11_run p11_tool_user --list-objects --type privkey
    n=$(grep -c '^Private Key Object' "$P11_TMP/last.out" || true)
    [ "$n" -eq 3 ] || p11_fail "pkcs11-tool sees $n private keys, expected 3"
}

check_self_signed() {
    p11_run certutil -S -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/pin" -n nss-cert -s "CN=nss-self-signed" -x \
        -k rsa -g 2048 -t "u,u,u" -v 12 -z "$W/noise"
    p11_run certutil -L -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/pin"
    p11_expect "^$P11_TOKEN_LABEL:nss-cert +u,u,u" "the certificate on the token is not listed (with its private key)"
    p11_run certutil -L -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/pin" -n "$P11_TOKEN_LABEL:nss-cert" -a
    cp "$P11_TMP/last.out" "$W/cert.pem"
    p11_run openssl verify -CAfile "$W/cert.pem" "$W/cert.pem"
    p11_expect ': OK' "the self-signed certificate made on the token does not verify"
    p11_run p11_tool --list-objects --type cert
    p11_expect 'label: +nss-cert' "pkcs11-tool does not see the certificate object NSS wrote"
    p11_expect 'subject: +DN: CN=nss-self-signed' "certificate CKA_SUBJECT wrong"
    # The certificate's key is the RSA key NSS generated on the token.
    p11_run openssl x509 -in "$W/cert.pem" -noout -pubkey
    cp "$P11_TMP/last.out" "$W/cert.pub.pem"
    local id
    id=$(p11_tool --list-objects --type cert 2>/dev/null | sed -n 's/^ *ID: *//p' | head -n 1)
    [ -n "$id" ] || p11_fail "certificate has no CKA_ID"
    p11_run p11_tool --read-object --type pubkey --id "$id" -o "$W/certkey.der"
    p11_run openssl pkey -pubin -inform DER -in "$W/certkey.der" -out "$W/certkey.pem"
    p11_same "$W/cert.pub.pem" "$W/certkey.pem" "the certificate's key is not the token public key with the same CKA_ID"
}

check_wrong_pin() {
    p11_run_fails certutil -K -d "$DB" -h "$P11_TOKEN_LABEL" -f "$W/badpin"
    p11_expect_not '^< *[0-9]+> ' "keys listed with a wrong PIN"
}

check_delete() {
    p11_run modutil -dbdir "$DB" -delete "$NAME" -force
    p11_run modutil -dbdir "$DB" -list
    p11_expect_not "$NAME" "module still listed after -delete"
}

p11_setup_token
p11_check register "modutil -add (fresh NSS db), -list shows the module, its library and token" check_register || p11_abort "module not registered"
p11_check list-keys "certutil -K -h TOKEN lists the RSA and EC keys made by pkcs11-tool (id, label)" check_list_keys
p11_check request "certutil -R -k ec on the token: CSR verifies, key visible to certutil and pkcs11-tool" check_request
p11_check self-signed "certutil -S -x -k rsa on the token: certificate object, verifies with OpenSSL and NSS" check_self_signed
p11_check wrong-pin "certutil -K with a wrong PIN fails and lists nothing" check_wrong_pin
p11_check delete "modutil -delete unregisters the module" check_delete
p11_finish
