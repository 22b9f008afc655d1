#!/bin/bash
# APDUs per OpenPGP card scenario, client by client, on the virtual OpenPGP card (tests/card/,
# RSA-2048 keys, PW1 valid for one signature): list, log in and sign with the signature key,
# generate a key pair on the card, write a certificate, through pkcs11-tool with libp11forge.so
# and OpenSC's openpgp driver, OpenSC's own tools (openpgp-tool, pkcs15-init) and GnuPG
# (gpg --card-status, gpg --sign, gpg --card-edit generate / writecert, scdaemon's PC/SC driver,
# a private GNUPGHOME as tests/card/test_openpgp_gpg.sh sets it up).  Medians of RUNS runs, each
# a new process on a card just reset (gpg-agent and scdaemon stopped before: scdaemon holds the
# reader).  Prints a Markdown table; "—" where a client cannot (its error on stderr).
#   bench/card/openpgp_scenarios.sh BUILD_DIR [RUNS]     (root: the rig starts its own pcscd)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/in_rig.sh"   # build, runs
enter_rig make_openpgp_fixture.py --serial 00000401

# ---------------------------------------------------------------- inside the rig
work=$BENCH_WORK
. "$here/apdu_median.sh"
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
export OPENSC_CONF=$work/opensc.conf P11FORGE_TOKEN_DIR=$work/token P11FORGE_CACHE_DIR=$work/card-cache
fx=$P11_PIV_FIXTURE
head -c 1000 /dev/urandom >"$work/data"
openssl x509 -in "$fx/aut.crt" -outform DER -out "$work/aut.der"

ours() { pkcs11-tool --module "$build/src/module/libp11forge.so" --slot-description "$P11_PIV_READER" "$@"; }
# OpenSC shows the card as two tokens: "OpenPGP card (User PIN)" (PW1 82: decryption and
# authentication keys, the certificate) and "OpenPGP card (User PIN (sig))" (PW1 81).
opensc() { pkcs11-tool --module "$P11_OPENSC_MODULE" --token-label "OpenPGP card (User PIN$1)" "${@:2}"; }

# GnuPG: scdaemon through pcscd (disable-ccid), on this reader only; PINs by loopback.
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
printf 'disable-ccid\npcsc-driver libpcsclite.so.1\nreader-port %s\n' "$P11_PIV_READER" >"$GNUPGHOME/scdaemon.conf"
printf 'allow-loopback-pinentry\n' >"$GNUPGHOME/gpg-agent.conf"
trap 'gpgconf --kill all 2>/dev/null' EXIT
gpg --batch --import "$fx/pubkey.gpg" 2>/dev/null
# --card-edit reads its answers (and in loopback mode the PINs) from the command fd; prompts of
# generate: off-card backup? replace the keys? admin PIN, PIN, validity, name, email, comment,
# the PIN again for the self-signatures (PW1 is valid for one signature).
card_edit() { printf '%s\n' admin "$@" quit | gpg --no-tty --command-fd 0 --pinentry-mode loopback --card-edit; }
gpg_generate() { card_edit generate n y 12345678 123456 0 "Generated on card" gen@p11forge.test "" 123456; }
gpg_writecert() { card_edit "writecert 3 < $work/aut.der" 12345678; }
# scdaemon holds the reader exclusively while it runs: stopped before every run of any client.
export BENCH_BEFORE_RESET="gpgconf --kill all"
gpg_cell() { apdu_median "$runs" "$@"; }

table_row scenario "libp11forge.so" "OpenSC 0.23 (PKCS#11)" "OpenSC's tools" "GnuPG $(gpg --version | sed -n '1s/.* //p')"
table_row --- ---: ---: ---: ---:
table_row "list (objects; gpg --card-status)" \
    "$(apdu_median "$runs" ours -O)" "$(apdu_median "$runs" opensc "" -O)" \
    "$(apdu_median "$runs" openpgp-tool --reader "$P11_PIV_READER")" \
    "$(gpg_cell gpg --batch --card-status)"
table_row "log in, sign with the signature key (RSA-2048)" \
    "$(apdu_median "$runs" ours --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/sig")" \
    "$(apdu_median "$runs" opensc " (sig)" --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/sig")" \
    "—" \
    "$(gpg_cell gpg --batch --pinentry-mode loopback --passphrase 123456 --sign --yes -o "$work/data.gpg" "$work/data")"
table_row "generate RSA-2048 (authentication key; gpg: all three)" \
    "$(apdu_median "$runs" card_saw 47 ours --login --login-type so --so-pin 12345678 --keypairgen --key-type rsa:2048 --id 03)" \
    "$(apdu_median "$runs" card_saw 47 opensc "" --login --login-type so --so-pin 12345678 --keypairgen --key-type rsa:2048 --id 03)" \
    "$(apdu_median "$runs" card_saw 47 openpgp-tool --reader "$P11_PIV_READER" --verify CHV3 --pin 12345678 --gen-key 3 --key-type rsa2048)" \
    "$(gpg_cell card_saw 47 gpg_generate)"
table_row "write the certificate (7F21)" \
    "$(apdu_median "$runs" card_saw D[AB] ours --login --login-type so --so-pin 12345678 --write-object "$work/aut.der" --type cert --id 03)" \
    "$(apdu_median "$runs" card_saw D[AB] opensc "" --login --login-type so --so-pin 12345678 --write-object "$work/aut.der" --type cert --id 03)" \
    "$(apdu_median "$runs" card_saw D[AB] pkcs15-init --reader "$P11_PIV_READER" --store-certificate "$fx/aut.crt" --update-existing --id 03 --so-pin 12345678)" \
    "$(gpg_cell card_saw D[AB] gpg_writecert)"
echo "(medians of $runs runs, each a new process on a card just reset)"
