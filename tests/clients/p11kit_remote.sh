#!/bin/bash
# p11-kit remoting: `p11-kit server` exports the module's token on a unix
# socket in the temp dir; pkcs11-tool then works through p11-kit-client.so
# (key generation, signatures verified by OpenSSL, decryption, --test).
#   usage: p11kit_remote.sh MODULE.so softhsm|p11forge
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_softhsm=(
    [selftest-remote]="pkcs11-tool --test aborts at RSA-PKCS-OAEP with SHA-256 and a label, which SoftHSM 2.6.1 rejects (CKR_ARGUMENTS_BAD)"
)
# shellcheck disable=SC2034
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
p11_require p11-kit
W=$P11_TMP/w
mkdir -p "$W"
CLIENT=/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so
[ -f "$CLIENT" ] || CLIENT=$(find /usr/lib -name p11-kit-client.so 2>/dev/null | head -n 1)
[ -n "$CLIENT" ] || { p11_say "SKIP: p11-kit-client.so is not installed"; exit 77; }
SOCK=$P11_TMP/p11kit.sock
[ ${#SOCK} -lt 100 ] || p11_abort "socket path $SOCK too long for a unix socket; set TMPDIR shorter"

# rt ARGS...: pkcs11-tool through the p11-kit client module.
rt() { pkcs11-tool --module "$CLIENT" --token-label "$P11_TOKEN_LABEL" "$@"; }
rt_user() { rt --login --pin "$P11_USER_PIN" "$@"; }

check_server() {
    [ -f "$CLIENT" ] || p11_fail "p11-kit-client.so not found"
    p11-kit server -f --provider "$P11_MODULE" -n "$SOCK" "pkcs11:token=$P11_TOKEN_LABEL" \
        >"$W/server.out" 2>"$W/server.err" &
    local pid=$!
    p11_bg_register "$pid"
    echo "$pid" >"$W/server.pid"
    for _ in $(seq 100); do
        [ -S "$SOCK" ] && grep -q P11_KIT_SERVER_ADDRESS "$W/server.out" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$W/server.out" "$W/server.err"
    [ -S "$SOCK" ] || p11_fail "p11-kit server did not create $SOCK"
    local addr
    addr=$(sed -n 's/^P11_KIT_SERVER_ADDRESS=\([^;]*\);.*/\1/p' "$W/server.out")
    [ "$addr" = "unix:path=$SOCK" ] || p11_fail "server announced '$addr', expected unix:path=$SOCK"
    echo "$addr" >"$W/address"
}

check_slots() {
    p11_run rt --list-token-slots
    p11_expect "token label +: $P11_TOKEN_LABEL" "the remote token is not listed"
    p11_expect 'token initialized' "remote token flags lost"
    p11_run rt --list-mechanisms
    p11_expect '^  ECDSA(,|$)' "ECDSA not listed through p11-kit"
    p11_expect '^  SHA256-RSA-PKCS(,|$)' "SHA256-RSA-PKCS not listed through p11-kit"
    # The client may hide mechanisms whose parameters its RPC cannot carry,
    # but must not invent any.
    cut -d, -f1 "$P11_TMP/last.out" | grep '^  ' | sort >"$W/mechs.remote"
    p11_tool --list-mechanisms 2>/dev/null | cut -d, -f1 | grep '^  ' | sort >"$W/mechs.direct"
    local extra
    extra=$(comm -23 "$W/mechs.remote" "$W/mechs.direct")
    [ -z "$extra" ] || p11_fail "mechanisms listed through p11-kit but not by the module: $extra"
    echo "hidden by p11-kit-client: $(comm -13 "$W/mechs.remote" "$W/mechs.direct" | tr -s ' \n' ' ')"
}

check_keygen() {
    p11_run rt_user --keypairgen --key-type rsa:2048 --id 41 --label remote-rsa
    p11_expect 'RSA 2048 bits' "remote RSA key generation"
    p11_run rt_user --keypairgen --key-type EC:prime256v1 --id 42 --label remote-ec
    p11_run rt --read-object --type pubkey --id 41 -o "$W/rsa.der"
    p11_run openssl pkey -pubin -inform DER -in "$W/rsa.der" -out "$W/rsa.pem"
    p11_run rt --read-object --type pubkey --id 42 -o "$W/ec.der"
    p11_run openssl pkey -pubin -inform DER -in "$W/ec.der" -out "$W/ec.pem"
    # The keys are really on the module's token: read them back directly.
    p11_run p11_tool --read-object --type pubkey --id 41 -o "$W/rsa.direct.der"
    p11_same "$W/rsa.der" "$W/rsa.direct.der" "the key generated remotely is not on the module's token"
}

check_sign() {
    p11_random_file "$W/data" 4000
    p11_run rt_user --sign -m SHA256-RSA-PKCS --id 41 -i "$W/data" -o "$W/rsa.sig"
    p11_run openssl dgst -sha256 -verify "$W/rsa.pem" -signature "$W/rsa.sig" "$W/data"
    p11_expect 'Verified OK' "OpenSSL rejects the remote RSA signature"
    openssl dgst -sha256 -binary "$W/data" >"$W/data.sha256"
    # p11-kit 0.24 can carry CK_RSA_PKCS_PSS_PARAMS for CKM_RSA_PKCS_PSS only:
    # the client hides SHA*-RSA-PKCS-PSS, so PSS is tested on a hash.
    p11_run rt_user --sign -m RSA-PKCS-PSS --hash-algorithm SHA256 --mgf MGF1-SHA256 --id 41 -i "$W/data.sha256" -o "$W/pss.sig"
    p11_run openssl pkeyutl -verify -pubin -inkey "$W/rsa.pem" -in "$W/data.sha256" -sigfile "$W/pss.sig" \
        -pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32
    p11_expect 'Signature Verified Successfully' "OpenSSL rejects the remote RSA-PSS signature"
    p11_run rt_user --sign -m ECDSA --id 42 -i "$W/data.sha256" -o "$W/ec.sig" --signature-format openssl
    p11_run openssl pkeyutl -verify -pubin -inkey "$W/ec.pem" -in "$W/data.sha256" -sigfile "$W/ec.sig"
    p11_expect 'Signature Verified Successfully' "OpenSSL rejects the remote ECDSA signature"
    p11_run rt_user --verify -m SHA256-RSA-PKCS --id 41 -i "$W/data" --signature-file "$W/rsa.sig"
    p11_expect '^Signature is valid' "remote C_Verify rejects a good signature"
}

check_decrypt() {
    p11_random_file "$W/secret" 64
    p11_run openssl pkeyutl -encrypt -pubin -inkey "$W/rsa.pem" -in "$W/secret" -out "$W/secret.enc"
    p11_run rt_user --decrypt -m RSA-PKCS --id 41 -i "$W/secret.enc" -o "$W/secret.dec"
    p11_same "$W/secret" "$W/secret.dec" "remote RSA-PKCS decryption"
}

check_wrong_pin() {
    p11_run_fails rt --login --pin 000000 --list-objects
    p11_expect 'CKR_PIN_INCORRECT' "CKR_PIN_INCORRECT not carried through p11-kit"
}

# The only error p11-kit 0.24's RPC layer adds to pkcs11-tool --test: for
# C_GenerateRandom(buf, 0) the server hands the module pRandomData = NULL,
# and what a module answers to C_GenerateRandom(NULL, 0) is not specified
# (SoftHSM: CKR_ARGUMENTS_BAD; CKR_OK makes the quirk disappear).
P11KIT_QUIRK='C_GenerateRandom\(buf1,0\) failed: CKR_[A-Z_]+'
check_selftest() {
    local rc=0
    printf '+ pkcs11-tool --module p11-kit-client.so --test --allow-sw (login)\n'
    rt_user --test --allow-sw >"$P11_TMP/last.out" 2>&1 || rc=$?
    cat "$P11_TMP/last.out"
    [ "$rc" -lt 126 ] || p11_fail "pkcs11-tool crashed ($rc)"
    p11_expect_not 'Aborting' "pkcs11-tool --test aborted"
    local others quirks
    others=$(grep -E '(ERR|error):' "$P11_TMP/last.out" | grep -Ev "$P11KIT_QUIRK" || true)
    [ -z "$others" ] || p11_fail "errors other than the known p11-kit RPC quirk: $others"
    quirks=$(grep -Ec "$P11KIT_QUIRK" "$P11_TMP/last.out" || true)
    if [ "$quirks" -eq 0 ]; then
        p11_expect '^No errors' "pkcs11-tool --test did not finish with 'No errors'"
    else
        p11_expect "^$quirks errors" "pkcs11-tool --test counted other errors than the p11-kit quirk"
        echo "note: tolerated $quirks error(s) from p11-kit's RPC (C_GenerateRandom(NULL, 0) reaching the module)"
    fi
    p11_expect 'RSA-PKCS: OK' "RSA-PKCS not exercised through p11-kit"
}

check_stop() {
    local pid
    pid=$(cat "$W/server.pid")
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && p11_fail "p11-kit server $pid did not stop on SIGTERM"
    [ ! -e "$SOCK" ] || p11_fail "p11-kit server left its socket behind"
    p11_run_fails rt --list-token-slots
}

p11_setup_token
p11_check server "p11-kit server -f --provider MODULE on a unix socket in the temp dir" check_server || p11_abort "no server"
P11_KIT_SERVER_ADDRESS=$(cat "$P11_TMP/w/address")
export P11_KIT_SERVER_ADDRESS
p11_check slots "token and mechanisms visible through p11-kit-client.so" check_slots
p11_check keygen "RSA-2048 and P-256 generated through the client, present on the module's token" check_keygen
p11_check sign "SHA256-RSA-PKCS, RSA-PKCS-PSS, ECDSA through the client, verified by OpenSSL" check_sign
p11_check decrypt "RSA-PKCS decryption through the client" check_decrypt
p11_check wrong-pin "CKR_PIN_INCORRECT reaches the client" check_wrong_pin
p11_check selftest-remote "pkcs11-tool --test through the client (the p11-kit RPC quirk tolerated)" check_selftest
p11_check stop "the server stops on SIGTERM, removes its socket; the client then sees no token" check_stop
p11_finish
