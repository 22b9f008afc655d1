#!/bin/bash
# OpenSC pkcs11-tool 0.23 and OpenSSL against the 3.0 algorithms of a
# module: Ed25519 keys and EdDSA signatures that OpenSSL verifies
# (`pkeyutl -verify -rawin`) with the public key taken from the token's
# CKA_EC_POINT and CKA_PUBLIC_KEY_INFO, X25519 keys and ECDH1 derivation that
# agree with OpenSSL's, and the SHA-3 digests and RSA/ECDSA signatures
# checked by OpenSSL's command line.
#   usage: pkcs11_tool_3_0.sh MODULE.so softhsm|p11forge
# P11_EXPECT_3_0=all: the module must list EdDSA and SHA-3 (p11forge on
# OpenSSL); otherwise what it does not list is skipped by name (mbedTLS 2.28
# has neither; X25519 is expected from every p11forge build).
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
W=$P11_TMP/w
mkdir -p "$W"
# RFC 8410 section 4: SubjectPublicKeyInfo of Ed25519 and X25519 up to the 32 key bytes.
SPKI_ED25519=302a300506032b6570032100
SPKI_X25519=302a300506032b656e032100

# needs MECH WHAT: run the check only where the module lists MECH.
needs() {
    p11_has_mech "$1" && return 0
    [ "${P11_EXPECT_3_0:-}" != all ] || p11_fail "the module does not list $1 ($2)"
    p11_skip "the module does not list $1 ($2)"
}

# pubkey_from_point ID PREFIX OUT: the SPKI made of CKA_EC_POINT as
# pkcs11-tool lists it (a DER OCTET STRING 04 20 || key, the spec's form).
pubkey_from_point() {
    p11_run p11_tool --list-objects --type pubkey --id "$1"
    local point
    # pkcs11-tool 0.23 lists every public key despite --id, in the token's
    # order (which varies): take the EC_POINT of the object whose ID is $1.
    point=$(awk -v id="$1" '$1 == "EC_POINT:" {p = $2} $1 == "ID:" && $2 == id {print p; exit}' "$P11_TMP/last.out")
    [[ $point == 0420* ]] || p11_fail "CKA_EC_POINT is not an OCTET STRING of 32 bytes: $point"
    printf '%s%s' "$2" "${point#0420}" | xxd -r -p >"$3"
}

# pubkey_info ID OUT: CKA_PUBLIC_KEY_INFO of the public key (pkcs11-tool
# 0.23 cannot export EdDSA keys: its --read-object writes no SPKI for them).
pubkey_info() {
    P11_MODULE="$P11_MODULE" P11_LABEL="$P11_TOKEN_LABEL" "$P11_PYTHON" - "$1" "$2" <<'PY'
import sys, os, PyKCS11
lib = PyKCS11.PyKCS11Lib(); lib.load(os.environ["P11_MODULE"])
slot = next(s for s in lib.getSlotList(tokenPresent=True)
            if lib.getTokenInfo(s).label.strip() == os.environ["P11_LABEL"])
session = lib.openSession(slot)
key = session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY), (PyKCS11.CKA_ID, bytes.fromhex(sys.argv[1]))])[0]
info = session.getAttributeValue(key, [0x129])[0]  # CKA_PUBLIC_KEY_INFO
open(sys.argv[2], "wb").write(bytes(info))
PY
}

check_eddsa() {
    needs EDDSA "EdDSA"
    p11_run p11_tool_user --keypairgen --key-type EC:edwards25519 --id 21 --label ed25519
    p11_expect 'EC_EDWARDS' "the generated key is no CKK_EC_EDWARDS key"
    p11_random_file "$W/data.bin" 3000
    p11_run p11_tool_user --sign -m EDDSA --id 21 -i "$W/data.bin" -o "$W/ed.sig"
    [ "$(stat -c %s "$W/ed.sig")" -eq 64 ] || p11_fail "an Ed25519 signature is 64 bytes"
    pubkey_from_point 21 "$SPKI_ED25519" "$W/ed_point.der"
    p11_run openssl pkeyutl -verify -pubin -inkey "$W/ed_point.der" -keyform DER -rawin -in "$W/data.bin" \
        -sigfile "$W/ed.sig"
    p11_expect 'Signature Verified Successfully' "OpenSSL rejects the token's Ed25519 signature (key from CKA_EC_POINT)"
    if "$P11_PYTHON" -c 'import PyKCS11' 2>/dev/null; then
        pubkey_info 21 "$W/ed_info.der"
        p11_same "$W/ed_point.der" "$W/ed_info.der" "CKA_PUBLIC_KEY_INFO is not RFC 8410's SPKI of CKA_EC_POINT"
        p11_run openssl pkeyutl -verify -pubin -inkey "$W/ed_info.der" -keyform DER -rawin -in "$W/data.bin" \
            -sigfile "$W/ed.sig"
        p11_expect 'Signature Verified Successfully' "OpenSSL rejects the signature (key from CKA_PUBLIC_KEY_INFO)"
    fi
    p11_run p11_tool_user --verify -m EDDSA --id 21 -i "$W/data.bin" --signature-file "$W/ed.sig"
    p11_expect '^Signature is valid' "the token rejects its own EdDSA signature"
    { cat "$W/data.bin"; printf 'x'; } >"$W/tampered.bin"
    p11_run p11_tool_user --verify -m EDDSA --id 21 -i "$W/tampered.bin" --signature-file "$W/ed.sig"
    p11_expect '^Invalid signature' "the token accepts an EdDSA signature over different data"
}

# derive_x25519 ID PEER_RAW OUT: C_DeriveKey (CKM_ECDH1_DERIVE, CKD_NULL) with
# the token's key ID through PyKCS11, the peer's raw public key as
# pPublicData; the derived generic secret's CKA_VALUE into OUT.
# (pkcs11-tool 0.23's --derive parses the peer as an EC key only: "Failed to
# parse other EC key" for X25519.)
derive_x25519() {
    P11_MODULE="$P11_MODULE" P11_LABEL="$P11_TOKEN_LABEL" P11_PIN="$P11_USER_PIN" "$P11_PYTHON" - "$@" <<'PY'
import sys, os, PyKCS11
from PyKCS11 import LowLevel
lib = PyKCS11.PyKCS11Lib(); lib.load(os.environ["P11_MODULE"])
slot = next(s for s in lib.getSlotList(tokenPresent=True)
            if lib.getTokenInfo(s).label.strip() == os.environ["P11_LABEL"])
session = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
session.login(os.environ["P11_PIN"])
key = session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY), (PyKCS11.CKA_ID, bytes.fromhex(sys.argv[1]))])[0]
peer = open(sys.argv[2], "rb").read()
template = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_SECRET_KEY), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_GENERIC_SECRET),
            (PyKCS11.CKA_TOKEN, PyKCS11.CK_FALSE), (PyKCS11.CKA_SENSITIVE, PyKCS11.CK_FALSE),
            (PyKCS11.CKA_EXTRACTABLE, PyKCS11.CK_TRUE)]
secret = session.deriveKey(key, template, PyKCS11.ECDH1_DERIVE_Mechanism(list(peer)))
open(sys.argv[3], "wb").write(bytes(session.getAttributeValue(secret, [PyKCS11.CKA_VALUE])[0]))
PY
}

check_x25519() {
    needs EC-MONTGOMERY-KEY-PAIR-GEN "X25519"
    "$P11_PYTHON" -c 'import PyKCS11' 2>/dev/null || p11_skip "PyKCS11 is not installed"
    # pkcs11-tool 0.23 names the curve by a mis-sized PrintableString the token accepts (src/crypto/ecx_params.cpp).
    p11_run p11_tool_user --keypairgen --key-type EC:curve25519 --id 22 --label x25519
    p11_expect 'EC_MONTGOMERY' "the generated key is no CKK_EC_MONTGOMERY key"
    p11_run openssl genpkey -algorithm X25519 -out "$W/peer.pem"
    p11_run openssl pkey -in "$W/peer.pem" -pubout -outform DER -out "$W/peer.der"
    tail -c 32 "$W/peer.der" >"$W/peer.raw"
    p11_run derive_x25519 22 "$W/peer.raw" "$W/z_token.bin"
    pubkey_from_point 22 "$SPKI_X25519" "$W/x_point.der"
    p11_run openssl pkeyutl -derive -inkey "$W/peer.pem" -peerkey "$W/x_point.der" -peerform DER -out "$W/z_openssl.bin"
    [ "$(stat -c %s "$W/z_openssl.bin")" -eq 32 ] || p11_fail "OpenSSL's X25519 secret is not 32 bytes"
    p11_same "$W/z_token.bin" "$W/z_openssl.bin" "the token's X25519 secret differs from OpenSSL's"
}

check_sha3_digest() {
    needs SHA3-256 "SHA-3"
    p11_random_file "$W/msg.bin" 5000
    local bits
    for bits in 224 256 384 512; do
        p11_run p11_tool --hash -m "SHA3-$bits" -i "$W/msg.bin" -o "$W/h$bits.bin"
        openssl dgst "-sha3-$bits" -binary "$W/msg.bin" >"$W/o$bits.bin"
        p11_same "$W/h$bits.bin" "$W/o$bits.bin" "C_Digest SHA3-$bits differs from OpenSSL"
    done
}

check_sha3_signatures() {
    needs SHA3-256-RSA-PKCS "SHA-3"
    p11_random_file "$W/msg.bin" 5000
    p11_run p11_tool_user --keypairgen --key-type rsa:2048 --id 23 --label rsa
    p11_run p11_tool --read-object --type pubkey --id 23 -o "$W/rsa.der"
    p11_run openssl pkey -pubin -inform DER -in "$W/rsa.der" -out "$W/rsa.pem"
    p11_run p11_tool_user --keypairgen --key-type EC:prime256v1 --id 24 --label ec
    p11_run p11_tool --read-object --type pubkey --id 24 -o "$W/ec.der"
    p11_run openssl pkey -pubin -inform DER -in "$W/ec.der" -out "$W/ec.pem"
    local bits
    for bits in 224 256 384 512; do
        p11_run p11_tool_user --sign -m "SHA3-$bits-RSA-PKCS" --id 23 -i "$W/msg.bin" -o "$W/rsa$bits.sig"
        p11_run openssl dgst "-sha3-$bits" -verify "$W/rsa.pem" -signature "$W/rsa$bits.sig" "$W/msg.bin"
        p11_expect 'Verified OK' "OpenSSL rejects the SHA3-$bits-RSA-PKCS signature"
        p11_run p11_tool_user --sign -m "SHA3-$bits-RSA-PKCS-PSS" --id 23 -i "$W/msg.bin" -o "$W/pss$bits.sig"
        p11_run openssl dgst "-sha3-$bits" -sigopt rsa_padding_mode:pss -sigopt "rsa_pss_saltlen:$((bits / 8))" \
            -sigopt "rsa_mgf1_md:sha3-$bits" -verify "$W/rsa.pem" -signature "$W/pss$bits.sig" "$W/msg.bin"
        p11_expect 'Verified OK' "OpenSSL rejects the SHA3-$bits-RSA-PKCS-PSS signature"
        p11_run p11_tool_user --sign -m "ECDSA-SHA3-$bits" --id 24 -i "$W/msg.bin" -o "$W/ec$bits.sig" \
            --signature-format openssl
        p11_run openssl dgst "-sha3-$bits" -verify "$W/ec.pem" -signature "$W/ec$bits.sig" "$W/msg.bin"
        p11_expect 'Verified OK' "OpenSSL rejects the ECDSA-SHA3-$bits signature"
    done
}

p11_setup_token
p11_check eddsa "Ed25519: pkcs11-tool keygen and EDDSA signature, verified by OpenSSL (CKA_EC_POINT, CKA_PUBLIC_KEY_INFO)" check_eddsa
p11_check x25519 "X25519: pkcs11-tool keygen (EC:curve25519), ECDH1-DERIVE through PyKCS11 agrees with OpenSSL" check_x25519
p11_check sha3-digest "C_Digest SHA3-224/256/384/512 equal OpenSSL's" check_sha3_digest
p11_check sha3-signatures "SHA3 RSA-PKCS, RSA-PKCS-PSS and ECDSA signatures verified by OpenSSL" check_sha3_signatures
p11_finish
