#!/bin/bash
# Java SunPKCS11 against a module: SunPkcs11Check.java (run with the JDK's
# source launcher) loads the module through a SunPKCS11 configuration, lists
# the KeyStore, signs with the token's keys and verifies with the JDK's own
# providers, decrypts, digests, generates keys.
# SunPKCS11 only shows a private key in the KeyStore when a certificate with
# the same CKA_ID exists, so each pair made by pkcs11-tool gets one: issued by
# a throw-away OpenSSL CA for the token's public key (-force_pubkey), written
# with pkcs11-tool --write-object.
#   usage: java.sh MODULE.so softhsm|p11forge
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_softhsm=()
# shellcheck disable=SC2034
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
p11_require java
W=$P11_TMP/w
mkdir -p "$W"
PAIRS="j-rsa:0b61:rsa:2048 j-ec:0b62:EC:prime256v1"

check_java() {
    p11_run java -version
    command -v java >/dev/null || p11_fail "no java"
}

check_keys_and_certs() {
    p11_run openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$W/ca.key" \
        -subj /CN=throwaway-ca -days 2 -out "$W/ca.pem"
    local spec label id type
    for spec in $PAIRS; do
        IFS=: read -r label id type <<<"$spec"
        p11_run p11_tool_user --keypairgen --key-type "$type" --id "$id" --label "$label"
        p11_run p11_tool --read-object --type pubkey --id "$id" -o "$W/$label.pub.der"
        p11_run openssl pkey -pubin -inform DER -in "$W/$label.pub.der" -out "$W/$label.pub.pem"
        p11_run openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$W/$label.tmp.key" \
            -subj "/CN=$label" -out "$W/$label.csr"
        p11_run openssl x509 -req -in "$W/$label.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial \
            -force_pubkey "$W/$label.pub.pem" -days 2 -outform DER -out "$W/$label.crt.der"
        p11_run p11_tool_user --write-object "$W/$label.crt.der" --type cert --id "$id" --label "$label"
    done
    p11_run p11_tool --list-objects --type cert
    local n
    n=$(grep -c '^Certificate Object' "$P11_TMP/last.out" || true)
    [ "$n" -eq 2 ] || p11_fail "$n certificates on the token, expected 2"
}

run_java() {
    local slot cfg="$P11_TMP/sunpkcs11.cfg" out="$P11_TMP/java.out" rc=0
    slot=$(p11_slot_id "$P11_TOKEN_LABEL")
    [ -n "$slot" ] || p11_abort "slot of token $P11_TOKEN_LABEL not found"
    # SunPKCS11 takes the slot id in decimal; the token label is not an option.
    printf 'name = p11forge-test\nlibrary = %s\nslot = %d\n' "$P11_MODULE" "$slot" >"$cfg"
    p11_say "   config: $(tr '\n' ';' <"$cfg")"
    local labels=()
    local spec
    for spec in $PAIRS; do labels+=("${spec%%:*}"); done
    java -Djava.security.debug= "$P11_CLIENTS_DIR/SunPkcs11Check.java" "$cfg" "$P11_USER_PIN" "${labels[@]}" >"$out" 2>&1 || rc=$?
    p11_import_results "$out"
    p11_check java-exit "SunPkcs11Check.java ran to its end with exit 0 (no crash of the JVM or module)" \
        p11_helper_exit "$rc" "SunPkcs11Check.java"
}

p11_setup_token
p11_check java "a JDK is available" check_java || p11_abort "no java"
p11_check keys-certs "RSA-2048 and P-256 pairs with certificates (same CKA_ID) written by pkcs11-tool" check_keys_and_certs
run_java
p11_finish
