#!/bin/bash
# Both seed demos on a token with a protected authentication path (a reader's
# keypad), played by keypad_module.so in front of our module: with no --pin, no
# $SEED_DEMO_PIN and no terminal, each says to use the keypad, logs in with
# C_Login(CKU_USER, NULL, 0) — the "keypad user" types the PIN ($KEYPAD_PIN) —
# and signs, decrypts and unwraps; a CKA_ALWAYS_AUTHENTICATE key is logged in
# to again with a NULL PIN (CKU_CONTEXT_SPECIFIC).  keypad_module writes each
# C_Login to $KEYPAD_LOG: "keypad USER RV" for a NULL PIN, "pin-sent USER RV"
# for a PIN the program sent.
#   keypad.sh BUILD_DIR KEYPAD_MODULE P11FORGE_MODULE
set -euo pipefail
build=$1 keypad=$2 target=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
. "$here/../common/module_env.sh"
module_work p11forge
unset SEED_DEMO_PIN
export KEYPAD_TARGET=$target KEYPAD_PIN=123456 KEYPAD_LOG=$work/keypad.log

# The demo token (PIN 123456) with the demo PKI, made by seed-demo on our module itself.
"$build/examples/seed-demo" --token-dir "$P11FORGE_TOKEN_DIR" --choose 2 </dev/null >make.out ||
    { cat make.out; fail "seed-demo could not make the demo token"; }

# logged WHAT: the lines keypad_module wrote since the last call, then a fresh log.
logged() { cat "$KEYPAD_LOG" 2>/dev/null; rm -f "$KEYPAD_LOG"; }
# keypad_only OUT NAME: the program said to use the keypad and sent no PIN of its own.
keypad_only() {
    local out=$1 name=$2 log
    log=$(logged)
    echo "$log" | sed 's/^/  keypad log: /'
    grep -q "enter the PIN on the reader's keypad" "$out" || fail "$name did not point to the keypad"
    grep -q 'PIN for token' "$out" && fail "$name asked for the PIN itself"
    echo "$log" | grep -x 'keypad user 0x0' >/dev/null || fail "$name did not log in with a NULL PIN"
    echo "$log" | grep '^pin-sent' >/dev/null && fail "$name sent a PIN to a token with a protected authentication path"
    return 0
}

echo "== seed-demo through the keypad"
"$build/examples/seed-demo" --module "$keypad" --slot 0 --choose 2 </dev/null | tee demo.out
keypad_only demo.out seed-demo
grep -q 'seed demo: all steps succeeded' demo.out || fail "seed-demo through the keypad"

echo "== seed-demo-c through the keypad"
democ() { "$build/examples/seed-demo-c" --module "$keypad" --slot 0 "$@" </dev/null; }
democ >list.out || true
logged >/dev/null
n=$(awk '/^signing: the rules/ { on = 1 } /^decryption: the rules/ { on = 0 }
         on && /^  [0-9]+\) CN=demo signing, / { sub(/\).*/, ""); print $1 }' list.out)
[ -n "$n" ] || { cat list.out; fail "seed-demo-c did not offer the signing certificate"; }
democ --choose "$n" | tee democ.out
keypad_only democ.out seed-demo-c
grep -Eq '^  sign/verify +ok' democ.out || fail "seed-demo-c: sign/verify through the keypad"
grep -Eq '^  encrypt/decrypt +ok' democ.out || fail "seed-demo-c: encrypt/decrypt through the keypad"
grep -q 'seed demo (C): all steps succeeded' democ.out || fail "seed-demo-c through the keypad"

# A PIN given all the same (--pin or $SEED_DEMO_PIN, for scripts) is sent: PKCS #11
# says pPin "should be" NULL on a protected path, and a token takes a PIN there too
# (it only need not ask).  Both programs send the given PIN and do not point to the keypad.
echo "== --pin given to a token with a keypad"
"$build/examples/seed-demo" --module "$keypad" --slot 0 --choose 2 --pin 123456 </dev/null >demo-pin.out
grep -q 'seed demo: all steps succeeded' demo-pin.out || { cat demo-pin.out; fail "seed-demo --pin on a keypad token"; }
grep -q "reader's keypad" demo-pin.out && fail "seed-demo pointed to the keypad with --pin given"
logged | grep -x 'pin-sent user 0x0' >/dev/null || fail "seed-demo --pin: the given PIN not sent"
democ --choose "$n" --pin 123456 >democ-pin.out
grep -q 'seed demo (C): all steps succeeded' democ-pin.out || { cat democ-pin.out; fail "seed-demo-c --pin on a keypad token"; }
grep -q "reader's keypad" democ-pin.out && fail "seed-demo-c pointed to the keypad with --pin given"
logged | grep -x 'pin-sent user 0x0' >/dev/null || fail "seed-demo-c --pin: the given PIN not sent"

# A key that wants the PIN for every use (CKA_ALWAYS_AUTHENTICATE): after C_SignInit the
# context-specific login goes through the keypad too, with a NULL PIN, not an empty one.
echo "== CKA_ALWAYS_AUTHENTICATE through the keypad"
tool() { pkcs11-tool --module "$target" --slot-index 0 "$@" >tool.log 2>&1 || { cat tool.log; fail "pkcs11-tool $*"; }; }
tool --login --pin 123456 --keypairgen --key-type rsa:2048 --id 0d --label again --always-auth --usage-sign
tool --read-object --type pubkey --id 0d --output-file again.pub.der
openssl pkey -pubin -inform der -in again.pub.der -out again.pub.pem
# The certificate, issued by a throwaway CA over the token's public key (as in run.sh).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout ca.pem -nodes -out ca.crt -days 30 \
    -subj "/CN=Keypad CA/O=p11forge" 2>/dev/null
openssl req -new -key ca.pem -subj "/CN=Again Signer/O=p11forge" -out again.csr
printf 'keyUsage=digitalSignature\n' >again.ext
openssl x509 -req -in again.csr -CA ca.crt -CAkey ca.pem -force_pubkey again.pub.pem -days 30 -extfile again.ext \
    -outform der -out again.der 2>/dev/null
tool --login --pin 123456 --write-object again.der --type cert --id 0d --label again
printf '%s' "The seed's example: sign, encrypt, wrap." >message
# again_signed OUT SIG NAME: signed with the key that asks again, both logins through the keypad, verified here.
again_signed() {
    local out=$1 sig=$2 name=$3 log
    log=$(logged)
    echo "$log" | sed 's/^/  keypad log: /'
    grep -q 'using "CN=Again Signer, O=p11forge"' "$out" || fail "$name did not take the Again Signer"
    grep -q 'the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)' "$out" || fail "$name did not see CKA_ALWAYS_AUTHENTICATE"
    grep -Eq '^  sign/verify +ok' "$out" || fail "$name: signing with a key that asks again through the keypad"
    echo "$log" | grep -x 'keypad user 0x0' >/dev/null || fail "$name: the user's login not through the keypad"
    echo "$log" | grep -x 'keypad context-specific 0x0' >/dev/null || fail "$name: the context-specific login not with a NULL PIN"
    echo "$log" | grep '^pin-sent' >/dev/null && fail "$name sent a PIN to a token with a protected authentication path"
    openssl dgst -sha256 -verify again.pub.pem -signature "$sig" message >/dev/null || fail "$name: the signature does not verify"
}
"$build/examples/seed-demo" --module "$keypad" --slot 0 --subject Again --signature-out again.sig </dev/null | tee again.out
again_signed again.out again.sig seed-demo
democ --subject Again --signature-out againc.sig | tee againc.out
again_signed againc.out againc.sig seed-demo-c
echo "keypad: both seed demos log in through the protected authentication path"
