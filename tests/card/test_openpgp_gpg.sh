#!/bin/bash
# Cross-check that the virtual OpenPGP card speaks real OpenPGP card: GnuPG's scdaemon (its
# PC/SC driver, as on a desktop with pcscd) must read it (`gpg --card-status`: serial, key
# fingerprints, signature counter, PIN retry counters), sign with its keys through gpg-agent
# (RSA-2048 on card 1, Ed25519 on card 2), decrypt, count a wrong PIN and the signatures,
# reset card 2 to its factory state and generate keys on it, move a software key to card 1; gpg verifies the signatures against the
# public keys the fixtures wrote (or gpg made from the generated keys).
#
#   tests/card/test_openpgp_gpg.sh     # makes two fixtures and runs itself inside rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd, OpenSC, gpg or scdaemon; non-zero if any check
# fails.  P11_RIG_KEEP=1 keeps the rig directory (APDU logs, scdaemon's logs).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}

if [ -z "${P11_PIV_LOG2:-}" ]; then
    if [ "$(id -u)" != 0 ] && ! [ -w /run/pcscd ]; then echo "SKIP: the rig needs root"; exit 77; fi
    for f in /usr/sbin/pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so /usr/bin/opensc-tool; do
        [ -e "$f" ] || { echo "SKIP: $f missing (sh scripts/deps.sh)"; exit 77; }
    done
    . "$here/gpg_homes.sh"
    need_gnupg
    if pgrep -x pcscd >/dev/null; then echo "SKIP: a system pcscd is running"; exit 77; fi
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-openpgp-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card1" --serial 00000101 || exit 2
    "$python" "$here/make_openpgp_fixture.py" "$fixtures/card2" --algo 25519 --serial 00000102 \
        --name "second card" || exit 2
    "$here/rig.sh" "$fixtures/card1" "$fixtures/card2" -- "$0"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
[ "$P11_CARD_TYPE" = openpgp ] && [ "$P11_CARD_TYPE2" = openpgp ] || { echo "not OpenPGP cards"; exit 2; }
work=$P11_RIG_DIR/gpg
mkdir -p "$work"
. "$here/checks.sh"

. "$here/gpg_homes.sh"
gpg_home 1 "$P11_PIV_READER"
gpg_home 2 "$P11_PIV_READER2"
gpg_home 3 "$P11_PIV_READER"
g1() { GNUPGHOME=${homes[0]} gpg --batch "$@"; }
g2() { GNUPGHOME=${homes[1]} gpg --batch "$@"; }
g3() { GNUPGHOME=${homes[2]} gpg --batch "$@"; }

head -c 1000 /dev/urandom >"$work/data"

# The card's own view of a field, from its saved state (ground truth for gpg's display).
state_of() { "$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
state() { state_of "$P11_PIV_STATE" "$1"; }
state2() { state_of "$P11_PIV_STATE2" "$1"; }

card_status() {
    g1 --import "$P11_PIV_FIXTURE/pubkey.gpg"
    g1 --card-status | tee "$work/status1"
    grep -Eq '^Application ID \.+: D276000124010304FFFF000001010000$' "$work/status1"
    grep -Eq '^Version \.+: 3\.4$' "$work/status1"
    grep -Eq '^Serial number \.+: 00000101$' "$work/status1"
    grep -Eq '^Key attributes \.+: rsa2048 rsa2048 rsa2048$' "$work/status1"
    grep -Eq '^PIN retry counter : 3 0 3$' "$work/status1"
    grep -Eq '^Signature counter : 0$' "$work/status1"
    grep -Eq '^Signature PIN \.+: forced$' "$work/status1"   # PW1 valid for one signature
    # The three fingerprints are those of the fixture's OpenPGP keys: gpg found them in the
    # keyring (sec>/ssb> with the card's number).
    g1 --with-colons --fingerprint --list-keys >"$work/keys1"
    local fpr
    for fpr in $(awk -F: '$1 == "fpr" { print $10 }' "$work/keys1"); do
        grep -q "$(sed 's/..../& /g; s/ $//; s/\(.\{24\}\) /\1  /' <<<"$fpr")" "$work/status1"
    done
    [ "$(grep -c 'card-no: FFFF 00000101' "$work/status1")" = 3 ]
}

sign_rsa() {
    g1 --pinentry-mode loopback --passphrase 123456 --sign -o "$work/data.gpg" "$work/data"
    g1 --verify "$work/data.gpg" 2>&1 | tee "$work/verify1"
    grep -q 'Good signature from "OpenPGP test card' "$work/verify1"
    # One PSO:COMPUTE DIGITAL SIGNATURE, counted by the card and shown by gpg.
    [ "$(grep -c '^> 002A9E9A' "$P11_PIV_LOG")" = 1 ]
    [ "$(state 'd["sig_counter"]')" = 1 ]
    g1 --card-status >"$work/status1b"
    grep -Eq '^Signature counter : 1$' "$work/status1b"
    # A detached signature, verified by gpg against the key from the fixture alone.
    g1 --pinentry-mode loopback --passphrase 123456 --detach-sign -o "$work/data.sig" "$work/data"
    mkdir -m 700 -p "$work/verifier"
    GNUPGHOME=$work/verifier gpg --batch --import "$P11_PIV_FIXTURE/pubkey.gpg"
    GNUPGHOME=$work/verifier gpg --batch --verify "$work/data.sig" "$work/data"
    GNUPGHOME=$work/verifier gpgconf --kill all
    [ "$(state 'd["sig_counter"]')" = 2 ]
}

wrong_pin_counts() {
    # No PIN cached anywhere: new daemons (the card's PW1 for PSO:CDS is spent anyway).
    stop_daemons
    if g1 --pinentry-mode loopback --passphrase 999999 --sign -o "$work/bad.gpg" "$work/data" 2>"$work/bad.err"; then
        echo "a wrong PIN signed"; return 1
    fi
    cat "$work/bad.err"
    [ "$(state 'd["tries"]["pw1"]')" = 2 ]
    g1 --card-status >"$work/status1c"
    grep -Eq '^PIN retry counter : 2 0 3$' "$work/status1c"
    g1 --pinentry-mode loopback --passphrase 123456 --sign -o "$work/good.gpg" "$work/data"
    g1 --card-status >"$work/status1d"
    grep -Eq '^PIN retry counter : 3 0 3$' "$work/status1d"
}

sign_ed25519() {
    g2 --import "$P11_PIV_FIXTURE2/pubkey.gpg"
    g2 --card-status | tee "$work/status2"
    grep -Eq '^Key attributes \.+: ed25519 cv25519 ed25519$' "$work/status2"
    grep -Eq '^Serial number \.+: 00000102$' "$work/status2"
    g2 --pinentry-mode loopback --passphrase 123456 --sign -o "$work/data2.gpg" "$work/data"
    g2 --verify "$work/data2.gpg" 2>&1 | tee "$work/verify2"
    grep -q 'Good signature from "second card' "$work/verify2"
    grep -q 'using EDDSA key' "$work/verify2"
    g2 --card-status >"$work/status2b"
    grep -Eq '^Signature counter : 1$' "$work/status2b"
}

decrypt() {  # decrypt CARD-NUMBER: a message gpg encrypted to the card's decryption subkey
    local g=g$1 log
    log=$([ "$1" = 1 ] && echo "$P11_PIV_LOG" || echo "$P11_PIV_LOG2")
    $g --trust-model always -r card@p11forge.test --encrypt -o "$work/data$1.enc" "$work/data"
    $g --pinentry-mode loopback --passphrase 123456 --decrypt -o "$work/data$1.dec" "$work/data$1.enc"
    cmp "$work/data" "$work/data$1.dec"
    grep -q '^> 002A8086' "$log"   # the card deciphered (PSO:DECIPHER), not gpg
}
decrypt_rsa() { decrypt 1; }
decrypt_x25519() { decrypt 2; }

reset_and_generate() {
    # gpg's factory-reset (PW1 and PW3 blocked by wrong VERIFYs, TERMINATE, ACTIVATE), then
    # three RSA keys generated on the card, the OpenPGP key certified by the card itself.
    # --card-edit reads answers (and, in loopback mode, the PINs) from the command fd; it
    # refuses --batch.  Prompts in order: admin PIN, PIN, validity, name, email, comment, PIN
    # for the self-signatures (PW1 is valid for one signature; scdaemon repeats the VERIFY).
    local from
    from=$(wc -l <"$P11_PIV_LOG2")
    printf '%s\n' admin factory-reset y yes generate n 12345678 123456 0 "Generated on card" \
        gen@p11forge.test "" 123456 quit |
        GNUPGHOME=${homes[1]} gpg --no-tty --command-fd 0 --status-fd 3 --pinentry-mode loopback \
            --card-edit 3>"$work/generate.status"
    tail -n +"$from" "$P11_PIV_LOG2" >"$work/generate.apdu"
    grep -q '^> 00E60000$' "$work/generate.apdu"
    grep -q '^> 00440000$' "$work/generate.apdu"
    [ "$(grep -c '^> 00478000' "$work/generate.apdu")" = 3 ]
    [ "$(state2 'd["origin"]')" = "{'sig': 1, 'dec': 1, 'aut': 1}" ]
    local fpr
    fpr=$(sed -n 's/^\[GNUPG:\] KEY_CREATED B //p' "$work/generate.status")
    [ -n "$fpr" ]
    g2 --card-status >"$work/status2c"
    grep -q "^Signature key \.*: $(sed 's/..../& /g; s/ $//; s/\(.\{24\}\) /\1  /' <<<"$fpr")\$" "$work/status2c"
    grep -Eq '^Key attributes \.+: rsa2048 rsa2048 rsa2048$' "$work/status2c"
    g2 --pinentry-mode loopback --passphrase 123456 -u "$fpr" --sign -o "$work/gen.gpg" "$work/data"
    g2 --verify "$work/gen.gpg" 2>&1 | tee "$work/verify-gen"
    grep -q 'Good signature from "Generated on card' "$work/verify-gen"
}

key_to_card() {
    # A key gpg made in software goes onto card 1 as its signature key (key import: PUT DATA
    # 3FFF with the extended header list), replacing the fixture's; gpg then signs with the card.
    g3 --pinentry-mode loopback --passphrase '' --quick-gen-key "Soft Key <soft@p11forge.test>" rsa2048 sign 0
    local fpr
    fpr=$(g3 --with-colons --list-keys soft@p11forge.test | awk -F: '$1 == "fpr" { print $10; exit }')
    # Prompts: use the primary key? which slot (1 = signature)? replace the key there? admin PIN.
    printf '%s\n' keytocard y 1 y 12345678 save |
        GNUPGHOME=${homes[2]} gpg --no-tty --command-fd 0 --pinentry-mode loopback --edit-key "$fpr"
    grep -q '^> 00DB3FFF' "$P11_PIV_LOG"
    [ "$(state 'd["origin"]["sig"]')" = 2 ]
    [ "$(state 'd["dos"]["C7"]')" = "${fpr,,}" ]   # gpg wrote the fingerprint after the import
    g3 --card-status >"$work/status3"
    grep -q 'card-no: FFFF 00000101' "$work/status3"
    g3 --pinentry-mode loopback --passphrase 123456 -u "$fpr" --sign -o "$work/soft.gpg" "$work/data"
    g3 --verify "$work/soft.gpg" 2>&1 | tee "$work/verify-soft"
    grep -q 'Good signature from "Soft Key' "$work/verify-soft"
}

check card-status "gpg --card-status: AID, serial, version, keys in the keyring, counters" card_status
check sign-rsa "gpg signs with the card's RSA key, verifies; the signature counter counts" sign_rsa
check wrong-pin "a wrong PIN costs a try (2 0 3), a good one restores it" wrong_pin_counts
check sign-ed25519 "card 2: Ed25519 signature by gpg verifies" sign_ed25519
check decrypt-rsa "gpg decrypts with the card's RSA key (PSO:DECIPHER, padding indicator 00)" decrypt_rsa
check decrypt-x25519 "card 2: gpg decrypts with the card's X25519 key (PSO:DECIPHER, ECDH)" decrypt_x25519
check generate "card 2: gpg factory-reset, keys generated on the card, a signature by them verifies" reset_and_generate
stop_daemons

# scdaemon holds the reader exclusively: stopped before each count, whose reset needs it.
count "gpg --card-status" g1 --card-status
stop_daemons
count "gpg --sign (RSA, PIN entered)" g1 --pinentry-mode loopback --passphrase 123456 --sign -o "$work/count.gpg" --yes "$work/data"
stop_daemons

# Last: it replaces card 1's signature key (another GNUPGHOME; scdaemon holds the reader
# exclusively, hence the daemons stopped before).
check keytocard "card 1: gpg --edit-key keytocard imports a software key, gpg signs with it on the card" key_to_card
stop_daemons

echo
echo "GnuPG $(gpg --version | sed -n '1s/.* //p') against the virtual OpenPGP card:"
printf '  %s\n' "${results[@]}"
echo "APDUs per gpg run on card 1 after a reset, gpg-agent and scdaemon started afresh:"
printf '  %s\n' "${counts[@]}"
echo "$((${#results[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
