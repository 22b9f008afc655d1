#!/bin/bash
# GnuPG and libp11forge.so on the same virtual OpenPGP cards, both ways: a detached signature
# gpg made with the card's signature key verifies through our token (C_Verify with the card's
# public key object: openpgp_interop.py hashes the data and the v4 signature trailer itself),
# and a signature our token made (C_Sign on the card) wrapped into an OpenPGP v4 signature
# packet passes `gpg --verify`.  Card 1 RSA-2048 (the signature key wants its PIN again:
# C_Login CKU_CONTEXT_SPECIFIC between C_SignInit and C_Sign), card 2 ECDSA P-256; with a 3.0
# build of the module (CKM_EDDSA) a second rig with an Ed25519 card.  Then keys generated through
# our token (RSA-2048, P-256; Ed25519, X25519) carry the fingerprint and date gpg --card-status
# shows, the fingerprint equal to the one computed here from the public key the token returns.
#
#   tests/card/test_openpgp_gpg_p11forge.sh MODULE [MODULE_3_0]   # makes the fixtures, runs itself in rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd, OpenSC, gpg, scdaemon or PyKCS11; non-zero if a
# check fails.  P11_RIG_KEEP=1 keeps the rig directory (APDU logs, gpg's and our files).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}
module=$(realpath "${1:?usage: $0 MODULE [MODULE_3_0]}")
module30=${2:+$(realpath "$2")}

if [ -z "${P11_RIG_DIR:-}" ]; then
    . "$here/checks.sh"
    need_rig
    . "$here/gpg_homes.sh"
    need_gnupg
    "$python" -c 'import PyKCS11' 2>/dev/null || { echo "SKIP: PyKCS11 missing (python3-pykcs11)"; exit 77; }
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-openpgp-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card1" --serial 00000301 || exit 2
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card2" --algo p256 --serial 00000302 --name "P-256 card" || exit 2
    "$here/rig.sh" "$fixtures/card1" "$fixtures/card2" -- "$0" "$module" || exit $?
    [ -n "$module30" ] || { echo "(no 3.0 module given: Ed25519 not run)"; exit 0; }
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card3" --algo 25519 --serial 00000303 --name "Ed25519 card" || exit 2
    P11_OPENPGP_25519=1 "$here/rig.sh" "$fixtures/card3" -- "$0" "$module30"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
work=$P11_RIG_DIR/gpg-p11forge
. "$here/checks.sh"
clients_env

. "$here/gpg_homes.sh"

head -c 1000 /dev/urandom >"$work/data"

# gpg_to_token N READER FIXTURE: gpg signs with the card, then (scdaemon stopped: it holds the
# reader exclusively) our token verifies gpg's signature.
gpg_to_token() {
    local g="gpg --batch --homedir $work/home$1"
    $g --import "$3/pubkey.gpg"
    $g --pinentry-mode loopback --passphrase 123456 --detach-sign -o "$work/gpg$1.sig" "$work/data"
    GNUPGHOME=$work/home$1 gpgconf --kill scdaemon
    local rc=0
    "$python" "$here/openpgp_interop.py" verify "$module" "$2" "$work/data" "$work/gpg$1.sig" || rc=$?
    # 77: the module's crypto backend has no Ed25519 (mbedTLS), it cannot verify on the host.
    [ "$rc" != 77 ] || { echo "no Ed25519 in the module's crypto backend (mbedTLS)"; exit 77; }
    [ "$rc" = 0 ]
}

# token_to_gpg N READER FIXTURE: our token signs on the card, gpg verifies the packet made of it
# (and rejects it for other data).
token_to_gpg() {
    local g="gpg --batch --homedir $work/home$1"
    GNUPGHOME=$work/home$1 gpgconf --kill scdaemon
    "$python" "$here/openpgp_interop.py" sign "$module" "$2" 123456 "$3" "$work/data" "$work/token$1.sig"
    $g --verify "$work/token$1.sig" "$work/data" 2>&1 | tee "$work/verify$1"
    grep -q 'Good signature from' "$work/verify$1"
    printf 'x' | cat "$work/data" - >"$work/data.changed"
    if $g --verify "$work/token$1.sig" "$work/data.changed" 2>&1 | tee "$work/verify$1.changed"; then
        echo "gpg accepted the signature for changed data"; return 1
    fi
    grep -q 'BAD signature' "$work/verify$1.changed"
}

# keygen_fingerprint N READER STATE ID KEY-TYPE SLOT-NAME GPG-LINE: C_GenerateKeyPair with PW3
# into key slot ID of card N: our token writes the key's fingerprint (C7..C9) and generation
# date (CE..D0).  The fingerprint, computed here from the public key the token returns (a
# new process) and the date the card holds, is the one on the card and the one
# `gpg --card-status` shows on GPG-LINE; the key is CKA_LOCAL (DE: generated).
keygen_fingerprint() {
    local n=$1 reader=$2 state=$3 id=$4 type=$5 name=$6 line=$7 slot created fpr
    local fpr_tag date_tag
    fpr_tag=$(printf '%X' $((0xC6 + 10#$id))) date_tag=$(printf '%X' $((0xCD + 10#$id)))
    field() { "$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$state" "$1"; }
    GNUPGHOME=$work/home$n gpgconf --kill all
    slot=$(pkcs11-tool --module "$module" -L | awk -v r="$reader" '/^Slot / && index($0, r) { print $2; exit }')
    pkcs11-tool --module "$module" --slot "$slot" --login --login-type so --so-pin 12345678 --keypairgen \
        --key-type "$type" --id "$id" --label generated
    [ "$(field "d['origin']['$name']")" = 1 ]
    created=$(field "d['dos']['$date_tag']")
    [ $(( $(date +%s) - 16#$created )) -lt 60 ]   # now, not zero
    fpr=$("$python" "$here/openpgp_interop.py" fingerprint "$module" "$reader" "$id" "$created")
    echo "computed fingerprint: $fpr"
    [ "$(field "d['dos']['$fpr_tag']")" = "${fpr,,}" ]
    gpg --batch --homedir "$work/home$n" --card-status | tee "$work/status-generated$n"
    grep -q "^$line *\.*: $(sed 's/..../& /g; s/ $//; s/\(.\{24\}\) /\1  /' <<<"$fpr")\$" "$work/status-generated$n"
    grep -A1 "^$line" "$work/status-generated$n" |
        grep -q "created \.*: $(date -u -d "@$((16#$created))" '+%Y-%m-%d %H:%M:%S')"
}

if [ -n "${P11_OPENPGP_25519:-}" ]; then
    gpg_home 3 "$P11_PIV_READER"
    ed25519_gpg_to_token() { gpg_to_token 3 "$P11_PIV_READER" "$P11_PIV_FIXTURE"; }
    ed25519_token_to_gpg() { token_to_gpg 3 "$P11_PIV_READER" "$P11_PIV_FIXTURE"; }
    keygen_ed25519() {
        keygen_fingerprint 3 "$P11_PIV_READER" "$P11_PIV_STATE" 03 EC:edwards25519 aut "Authentication key"
    }
    keygen_x25519() {
        keygen_fingerprint 3 "$P11_PIV_READER" "$P11_PIV_STATE" 02 EC:curve25519 dec "Encryption key"
    }
    check ed25519-gpg-to-token "Ed25519: gpg's signature verifies by C_Verify (CKM_EDDSA)" ed25519_gpg_to_token
    check ed25519-token-to-gpg "Ed25519: C_Sign (CKM_EDDSA) in an OpenPGP packet, gpg --verify accepts it" ed25519_token_to_gpg
    check keygen-ed25519 "Ed25519 authentication key generated through our token: fingerprint (C9) and date (D0) written, gpg --card-status shows them" keygen_ed25519
    check keygen-x25519 "X25519 decryption key generated through our token: fingerprint (C8, ECDH with KDF parameters) and date (CF), gpg --card-status shows them" keygen_x25519
else
    gpg_home 1 "$P11_PIV_READER"
    gpg_home 2 "$P11_PIV_READER2"
    rsa_gpg_to_token() { gpg_to_token 1 "$P11_PIV_READER" "$P11_PIV_FIXTURE"; }
    rsa_token_to_gpg() {
        token_to_gpg 1 "$P11_PIV_READER" "$P11_PIV_FIXTURE"
        # gpg's signature and ours, each one PSO:CDS counted by the card.
        [ "$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["sig_counter"])' "$P11_PIV_STATE")" = 2 ]
    }
    p256_gpg_to_token() { gpg_to_token 2 "$P11_PIV_READER2" "$P11_PIV_FIXTURE2"; }
    p256_token_to_gpg() { token_to_gpg 2 "$P11_PIV_READER2" "$P11_PIV_FIXTURE2"; }
    # Each *-gpg-to-token also checks CKR_SIGNATURE_INVALID for changed data and
    # CKR_SIGNATURE_LEN_RANGE for a signature one byte short; each *-token-to-gpg that gpg
    # rejects the packet for changed data.
    keygen_rsa() {
        keygen_fingerprint 1 "$P11_PIV_READER" "$P11_PIV_STATE" 01 rsa:2048 sig "Signature key"
    }
    keygen_p256() {
        keygen_fingerprint 2 "$P11_PIV_READER2" "$P11_PIV_STATE2" 03 EC:prime256v1 aut "Authentication key"
    }
    check rsa-gpg-to-token "RSA-2048: gpg's signature verifies by C_Verify (CKM_RSA_PKCS on the DigestInfo)" rsa_gpg_to_token
    check rsa-token-to-gpg "RSA-2048: C_Sign with the context PIN in an OpenPGP packet, gpg --verify accepts it" rsa_token_to_gpg
    check p256-gpg-to-token "P-256: gpg's signature verifies by C_Verify (CKM_ECDSA on the hash)" p256_gpg_to_token
    check p256-token-to-gpg "P-256: C_Sign (CKM_ECDSA) in an OpenPGP packet, gpg --verify accepts it" p256_token_to_gpg
    check keygen-rsa "RSA-2048 signature key generated through our token: fingerprint (C7) and date (CE) written, gpg --card-status shows them" keygen_rsa
    check keygen-p256 "P-256 authentication key generated through our token: fingerprint (C9) and date (D0) written, gpg --card-status shows them" keygen_p256
fi
stop_daemons

echo
echo "GnuPG $(gpg --version | sed -n '1s/.* //p') and libp11forge.so on the same virtual OpenPGP cards:"
printf '  %s\n' "${results[@]}"
echo "$((${#results[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
