# Checks of an OpenPGP card's private-key operations through a PKCS #11 module, shared by the
# scripts that run them against the virtual OpenPGP card (sourced inside the rig, after
# checks.sh).  The sourcing script defines
#   p11 READER sig|user pkcs11-tool-options...   pkcs11-tool on the token of READER that holds
#                                                the signature key (sig) or the others (user)
#   pubkey KEY OUT, state STATEFILE EXPR         and sets $work, $fx (card 1), $fx2 (card 2).
# Card 1 holds RSA-2048 keys, card 2 P-256 keys (make_openpgp_fixture.py).
# Also what every such script ends with: the shared checks, the APDU counts, the summary.

authenticate_rsa() {
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    p11 "$P11_PIV_READER" user --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 03 \
        -i "$work/data" -o "$work/aut.sig"
    pubkey "$fx/aut.key" "$work/aut.pub"
    openssl dgst -sha256 -verify "$work/aut.pub" -signature "$work/aut.sig" "$work/data"
    tail -n +"$from" "$P11_PIV_LOG" | grep -q '^> 00880000'   # INTERNAL AUTHENTICATE, not PSO:CDS
    [ "$(state "$P11_PIV_STATE" 'd["sig_counter"]')" = 1 ]
}

decrypt_rsa() {
    pubkey "$fx/dec.key" "$work/dec.pub"
    head -c 32 /dev/urandom >"$work/secret"
    openssl pkeyutl -encrypt -pubin -inkey "$work/dec.pub" -in "$work/secret" -out "$work/secret.enc"
    p11 "$P11_PIV_READER" user --login --pin 123456 --decrypt -m RSA-PKCS --id 02 \
        -i "$work/secret.enc" -o "$work/secret.dec"
    cmp "$work/secret" "$work/secret.dec"
}

sign_p256() {
    p11 "$P11_PIV_READER2" sig --login --pin 123456 --sign -m ECDSA-SHA256 --signature-format openssl \
        --id 01 -i "$work/data" -o "$work/p256.sig"
    pubkey "$fx2/sig.key" "$work/p256.pub"
    openssl dgst -sha256 -verify "$work/p256.pub" -signature "$work/p256.sig" "$work/data"
    [ "$(state "$P11_PIV_STATE2" 'd["sig_counter"]')" = 1 ]
}

ecdh_p256() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/peer.key"
    openssl pkey -in "$work/peer.key" -pubout -outform DER -out "$work/peer.der"
    pubkey "$fx2/dec.key" "$work/dec2.pub"
    openssl pkeyutl -derive -inkey "$work/peer.key" -peerkey "$work/dec2.pub" -out "$work/ecdh.expected"
    p11 "$P11_PIV_READER2" user --login --pin 123456 --derive -m ECDH1-DERIVE --id 02 \
        -i "$work/peer.der" -o "$work/ecdh.card"
    cmp "$work/ecdh.expected" "$work/ecdh.card"
}

# The checks above, run by `check` (checks.sh).
check_operations() {
    check auth-rsa "the authentication key signs by INTERNAL AUTHENTICATE, verifies" authenticate_rsa
    check decrypt-rsa "RSA-PKCS decrypts what openssl encrypted" decrypt_rsa
    check sign-p256 "card 2: ECDSA-SHA256 with the P-256 signature key verifies" sign_p256
    check ecdh-p256 "card 2: ECDH with the P-256 decryption key equals openssl's" ecdh_p256
}

# The APDUs a listing and a signature cost with MODULE on card 1 (count, checks.sh).
count_scenarios() {
    count "pkcs11-tool -L" pkcs11-tool --module "$1" -L
    count "login + sign with the signature key (SHA256-RSA-PKCS)" \
        p11 "$P11_PIV_READER" sig --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/count.sig"
}

# The summary: TITLE, every check's result, the APDU counts if any; fails if a check did.
report() {
    echo
    echo "$1"
    printf '  %s\n' "${results[@]}"
    if [ "${#counts[@]}" -gt 0 ]; then
        echo "APDUs per pkcs11-tool run on card 1 after a reset (both cards are read by -L):"
        printf '  %s\n' "${counts[@]}"
    fi
    echo "$((${#results[@]} - failed)) passed, $failed failed"
    [ "$failed" -eq 0 ]
}
