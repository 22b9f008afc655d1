# Checks of an OpenPGP card's private-key operations through a PKCS #11 module, shared by the
# scripts that run them against the virtual OpenPGP card (sourced inside the rig, after
# checks.sh).  The sourcing script defines
#   p11 READER sig|user pkcs11-tool-options...   pkcs11-tool on the token of READER that holds
#                                                the signature key (sig) or the others (user)
#   pubkey KEY OUT, state STATEFILE EXPR         and sets $work, $fx (card 1), $fx2 (card 2).
# Card 1 holds RSA-2048 keys, card 2 P-256 keys (make_openpgp_fixture.py).

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
