#!/bin/bash
# OpenSSH against a module: ssh-keygen -D lists one public key per key pair,
# identical to the keys pkcs11-tool exports; ssh-agent loads the token
# (ssh-add -s, PIN through SSH_ASKPASS) and signs with it (ssh-keygen -Y sign),
# the signature verified by ssh-keygen -Y verify.
#   usage: ssh.sh MODULE.so softhsm|p11forge
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034  # read by lib.sh
declare -A KNOWN_FAILURES_softhsm=()
# shellcheck disable=SC2034
declare -A KNOWN_FAILURES_p11forge=()

p11_setup "$@"
p11_require ssh-keygen ssh-agent ssh-add
W=$P11_TMP/w
mkdir -p "$W"
PAIRS="ssh-rsa1:21:rsa:2048 ssh-ec1:22:EC:prime256v1 ssh-rsa2:23:rsa:2048 ssh-ec2:24:EC:prime256v1"

check_keys() {
    local spec label id type
    for spec in $PAIRS; do
        IFS=: read -r label id type <<<"$spec"
        p11_run p11_tool_user --keypairgen --key-type "$type" --id "$id" --label "$label"
        p11_run p11_tool --read-object --type pubkey --id "$id" -o "$W/$label.der"
        p11_run openssl pkey -pubin -inform DER -in "$W/$label.der" -out "$W/$label.pem"
        ssh-keygen -i -m PKCS8 -f "$W/$label.pem" >"$W/$label.ssh" || p11_fail "ssh-keygen cannot convert $label"
    done
    # A secret key must not show up as an SSH key.
    p11_run p11_tool_user --keygen --key-type AES:16 --id 25 --label ssh-aes
}

check_list() {
    p11_run ssh-keygen -D "$P11_MODULE"
    local n expected
    n=$(grep -Ec '^(ssh-rsa|ecdsa-sha2-nistp256) ' "$P11_TMP/last.out" || true)
    expected=$(wc -w <<<"$PAIRS")
    [ "$n" -eq "$expected" ] || p11_fail "ssh-keygen -D listed $n keys, $expected pairs were generated"
    cp "$P11_TMP/last.out" "$W/listed"
    local spec label key
    for spec in $PAIRS; do
        label=${spec%%:*}
        key=$(cut -d' ' -f1,2 "$W/$label.ssh")
        grep -Fq "$key" "$W/listed" || p11_fail "ssh-keygen -D does not list $label as pkcs11-tool exports it"
        grep -Fxq "$key $label" "$W/listed" || p11_fail "ssh-keygen -D does not give $label as the key comment"
    done
}

check_agent() {
    # ssh-agent accepts only allow-listed providers, by their real path.
    local real sock="$W/agent.sock"
    real=$(readlink -f "$P11_MODULE")
    ssh-agent -D -a "$sock" -P "$real" >"$W/agent.log" 2>&1 &
    local agent=$!
    p11_bg_register "$agent"
    for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
    [ -S "$sock" ] || p11_fail "ssh-agent did not start: $(cat "$W/agent.log")"
    printf '#!/bin/sh\necho %s\n' "$P11_USER_PIN" >"$W/askpass"
    chmod 700 "$W/askpass"
    export SSH_AUTH_SOCK=$sock SSH_ASKPASS=$W/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=${DISPLAY:-:0}
    p11_run ssh-add -s "$P11_MODULE" </dev/null
    p11_run ssh-add -l
    local n expected
    n=$(grep -c . "$P11_TMP/last.out")
    expected=$(wc -w <<<"$PAIRS")
    [ "$n" -eq "$expected" ] || p11_fail "the agent holds $n keys, expected $expected"
    p11_random_file "$W/data" 2000
    local spec label
    for spec in $PAIRS; do
        label=${spec%%:*}
        cp "$W/$label.ssh" "$W/$label.pub"
        rm -f "$W/data.sig"
        p11_run ssh-keygen -Y sign -f "$W/$label.pub" -n file "$W/data"
        printf 'tester %s\n' "$(cut -d' ' -f1,2 "$W/$label.ssh")" >"$W/allowed"
        p11_run ssh-keygen -Y verify -f "$W/allowed" -I tester -n file -s "$W/data.sig" <"$W/data"
        p11_expect '^Good "file" signature for tester' "ssh-keygen -Y verify rejects the token's $label signature"
        printf 'other data' >"$W/other"
        p11_run_fails ssh-keygen -Y verify -f "$W/allowed" -I tester -n file -s "$W/data.sig" <"$W/other"
    done
    p11_run ssh-add -e "$P11_MODULE"
    kill "$agent"
}

p11_setup_token
p11_check keys "two RSA-2048 and two P-256 pairs (+ one AES key) made with pkcs11-tool" check_keys
p11_check list "ssh-keygen -D: one line per key pair, equal to pkcs11-tool's export, label as comment" check_list
p11_check agent "ssh-agent + ssh-add -s: every token key signs (ssh-keygen -Y sign), signatures verify" check_agent
p11_finish
