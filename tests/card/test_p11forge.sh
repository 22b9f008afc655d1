#!/bin/bash
# libp11forge.so's PIV token on the virtual PIV card, through real clients: pkcs11-tool lists the
# card's objects (certificates equal the fixture's and OpenSC's), logs in, signs with 9A (RSA
# PKCS#1 v1.5 and PSS) and 9C (ECDSA, PIN-always: context-specific login, VERIFY right before
# GENERAL AUTHENTICATE), decrypts with 9D; openssl verifies; a signature made through OpenSC
# verifies through us; C_SetPIN; card removal and re-insertion in one process; a second card;
# no PC/SC at all; wrong PINs until locked show the right flags.  Prints the APDUs each
# scenario costs (from the card's log).
#
#   tests/card/test_p11forge.sh MODULE     # makes two fixtures and runs itself inside rig.sh
#
# Exits 77 (skipped) without root, pcscd, vpcd or OpenSC; non-zero if any check fails.
# P11_RIG_KEEP=1 keeps the rig directory with all logs.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}
module=${1:?usage: test_p11forge.sh path/to/libp11forge.so}
module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")
scenario=${2:-}   # bench/card/card-scenario: the consumer side's PIN-always path
seed_demo=${3:-}  # examples/seed-demo: the seed's example flow on the card
wait_finalize=${4:-}  # tests/card/wait-finalize: C_Finalize wakes a blocked C_WaitForSlotEvent
extended=${5:-}  # libp11forge built for the profile 2.11-extended (reports 2.11, admits PIN-always)

if [ -z "${P11_PIV_LOG2:-}" ]; then
    . "$here/checks.sh"
    need_rig /usr/bin/pkcs11-tool
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-piv-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_fixture.py" "$fixtures/card1" >/dev/null || exit 2
    # The second card: 9D is an EC (ECDH) key, and two retired key-management keys.
    "$python" "$here/make_fixture.py" "$fixtures/card2" --name "second card" --9d-ec --retired 2 >/dev/null || exit 2
    # Card 1 takes extended-length APDUs (as the emulator does by default), card 2 refuses them.
    P11_PIV_CARD_ARGS2="--quirk no-extended" \
        "$here/rig.sh" "$fixtures/card1" "$fixtures/card2" -- "$0" "$module" "$scenario" "$seed_demo" "$wait_finalize" "$extended"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
fx=$P11_PIV_FIXTURE
work=$P11_RIG_DIR/p11forge
. "$here/checks.sh"
clients_env

p11() { pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER" "$@"; }
opensc() { pkcs11-tool --module "$P11_OPENSC_MODULE" --slot-description "$P11_PIV_READER" "$@"; }
pubkey() { openssl x509 -in "$1" -pubkey -noout >"$2"; }
reset_card() { opensc-tool --reader "$P11_PIV_READER" --reset cold >/dev/null 2>&1; }
# The card's log line count once the card has been quiet for 0.3 s.  The card
# logs after it answers, so on a loaded machine the APDUs of the reset's own
# client (opensc-tool) can land after a count taken at once, and be blamed on
# the module.
quiet_log_lines() {
    local before after
    after=$(wc -l <"$1")
    while :; do
        sleep 0.3
        before=$after
        after=$(wc -l <"$1")
        [ "$before" = "$after" ] && break
    done
    echo "$after"
}
# PyKCS11 for in-process checks: whichever python has it.
pykcs11=
for p in python3 "$python"; do
    if "$p" -c 'import PyKCS11' 2>/dev/null; then pykcs11=$p; break; fi
done

head -c 1000 /dev/urandom >"$work/data"

list_slots() {
    pkcs11-tool --module "$module" -L | tee "$work/list"
    grep -q "Slot 0 (0x0): p11forge software token" "$work/list"
    grep -q "Virtual PCD 00 00" "$work/list"
    grep -q "Virtual PCD 00 01" "$work/list"
    # Both cards are tokens.
    [ "$(grep -c 'token label *: p11forge virtual PIV' "$work/list")" = 2 ]
    p11 -I >/dev/null
}

no_pcsc() {
    # No libpcsclite (as on a machine without it), and PC/SC switched off: slot 0 only, and it works.
    P11FORGE_PCSC_LIBRARY=/nonexistent/libpcsclite.so.1 pkcs11-tool --module "$module" -L | tee "$work/nolib"
    grep -q "Slot 0 (0x0): p11forge software token" "$work/nolib"
    ! grep -q "Virtual PCD" "$work/nolib"
    P11FORGE_PCSC=0 pkcs11-tool --module "$module" -L >"$work/off"
    ! grep -q "Virtual PCD" "$work/off"
}

objects_match() {
    p11 --login --pin 123456 -O | tee "$work/objects"
    [ "$(grep -c 'Private Key Object' "$work/objects")" = 4 ]
    [ "$(grep -c 'Certificate Object' "$work/objects")" = 4 ]
    grep -A8 "label: *SIGN key" "$work/objects" | grep "always authenticate" >/dev/null
    local id slot
    for id in 01 02 03 04; do
        case $id in 01) slot=9a ;; 02) slot=9c ;; 03) slot=9d ;; 04) slot=9e ;; esac
        p11 --read-object --type cert --id $id -o "$work/$slot.der"
        openssl x509 -in "$fx/$slot.crt" -outform DER | cmp - "$work/$slot.der"
        opensc --read-object --type cert --id $id -o "$work/$slot.opensc.der"
        cmp "$work/$slot.der" "$work/$slot.opensc.der"
        p11 --read-object --type pubkey --id $id -o "$work/$slot.pub.der"
        openssl x509 -in "$fx/$slot.crt" -pubkey -noout | openssl pkey -pubin -outform DER | cmp - "$work/$slot.pub.der"
    done
    # Without a login, the PIN-protected private keys stay hidden; 9E (no PIN) shows.
    p11 -O --type privkey >"$work/public-view"
    [ "$(grep -c 'Private Key Object' "$work/public-view")" = 1 ]
    grep -q "ID: *04" "$work/public-view"
}

sign_9a() {
    pubkey "$fx/9a.crt" "$work/9a.pub"
    p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/9a.sig"
    openssl dgst -sha256 -verify "$work/9a.pub" -signature "$work/9a.sig" "$work/data"
    p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS-PSS --mgf MGF1-SHA256 --id 01 -i "$work/data" -o "$work/9a.pss"
    openssl dgst -sha256 -verify "$work/9a.pub" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 \
        -signature "$work/9a.pss" "$work/data"
    # And our own verification (on the host) accepts it.
    p11 --verify -m SHA256-RSA-PKCS --id 01 -i "$work/data" --signature-file "$work/9a.sig"
}

sign_9c_pin_always() {
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    p11 --login --pin 123456 --sign -m ECDSA-SHA256 --signature-format openssl --id 02 \
        -i "$work/data" -o "$work/9c.sig"
    pubkey "$fx/9c.crt" "$work/9c.pub"
    openssl dgst -sha256 -verify "$work/9c.pub" -signature "$work/9c.sig" "$work/data"
    # The card accepted it right after a VERIFY: nothing came between the two.
    apdu_before_auth "$from" 9C | tee "$work/before-9c"
    grep -Eq '^0020008008[0-9A-F]{16} 9000$' "$work/before-9c"
    tail -n +"$from" "$P11_PIV_LOG" | grep -A1 '^> 0087119C' | grep -Eq '^< 7C.*9000$'
}

# A wrong PIN for the context-specific login is CKR_PIN_INCORRECT from
# C_Login (C_Sign has no such return value), costs one try, and the next
# right one signs and resets the counter.
wrong_context_pin() {
    [ -n "$scenario" ] || { echo "no scenario program given"; exit 77; }
    ! "$scenario" "$module" "$P11_PIV_READER" sign9c 123456 654321 2>"$work/ctx.err"
    cat "$work/ctx.err"
    grep -q "CKR_PIN_INCORRECT from C_Login" "$work/ctx.err"
    "$scenario" "$module" "$P11_PIV_READER" sign9c 123456 123456
    p11 -T | tee "$work/ctx.flags"
    ! grep -q "user PIN count low" "$work/ctx.flags"
}

# The seed's example on the card: sign with 9A, OAEP-decrypt and unwrap an
# AES session key with 9D (both GENERAL AUTHENTICATEs reach the card).
seed_demo_on_card() {
    [ -n "$seed_demo" ] || { echo "no seed-demo given"; exit 77; }
    local slot from
    slot=$(pkcs11-tool --module "$module" -L | awk -v r="$P11_PIV_READER" '$0 ~ r { print $2; exit }')
    from=$(wc -l <"$P11_PIV_LOG")
    # Three certificates allow signing (9A, 9C, 9E): the script names 9A by URI (its CKA_ID).
    "$seed_demo" --module "$module" --pin 123456 --slot "$slot" --cert 'pkcs11:id=%01;type=cert' </dev/null |
        tee "$work/seed.out"
    grep -q 'using ".*PIV test card 9A PIV Authentication' "$work/seed.out"
    grep -q 'using ".*PIV test card 9D Key Management' "$work/seed.out"
    grep -q "seed demo: all steps succeeded" "$work/seed.out"
    tail -n +"$from" "$P11_PIV_LOG" | grep '^> 0087079A' >/dev/null
    [ "$(tail -n +"$from" "$P11_PIV_LOG" | grep -c '^> [01]087079D')" -ge 2 ]  # decrypt and unwrap
}

finalize_wakes_wait() {
    [ -n "$wait_finalize" ] || { echo "no wait-finalize given"; exit 77; }
    "$wait_finalize" "$module"
}

decrypt_9d() {
    pubkey "$fx/9d.crt" "$work/9d.pub"
    head -c 32 /dev/urandom >"$work/secret"
    openssl pkeyutl -encrypt -pubin -inkey "$work/9d.pub" -in "$work/secret" -out "$work/secret.enc"
    p11 --login --pin 123456 --decrypt -m RSA-PKCS --id 03 -i "$work/secret.enc" -o "$work/secret.dec"
    cmp "$work/secret" "$work/secret.dec"
    # A ciphertext that does not decrypt to PKCS#1 padding is refused.
    head -c 256 /dev/urandom >"$work/garbage.enc"
    ! p11 --login --pin 123456 --decrypt -m RSA-PKCS --id 03 -i "$work/garbage.enc" -o "$work/garbage.dec"
}

opensc_signs_we_verify() {
    opensc --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/opensc.sig"
    p11 --verify -m SHA256-RSA-PKCS --id 01 -i "$work/data" --signature-file "$work/opensc.sig"
    opensc --login --pin 123456 --sign -m ECDSA-SHA256 --id 02 -i "$work/data" -o "$work/opensc-ec.sig"
    p11 --verify -m ECDSA-SHA256 --id 02 -i "$work/data" --signature-file "$work/opensc-ec.sig"
}

second_card() {
    pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER2" --login --pin 123456 \
        --sign -m ECDSA-SHA256 --signature-format openssl --id 04 -i "$work/data" -o "$work/card2.sig"
    pubkey "$P11_PIV_FIXTURE2/9e.crt" "$work/card2.pub"
    openssl dgst -sha256 -verify "$work/card2.pub" -signature "$work/card2.sig" "$work/data"
}

change_pin() {
    p11 --login --pin 123456 --change-pin --new-pin 654321
    p11 --login --pin 654321 -O >/dev/null
    p11 --login --pin 654321 --change-pin --new-pin 123456
    p11 --login --pin 123456 -O >/dev/null
}

in_process() {
    [ -n "$pykcs11" ] || { echo "PyKCS11 not installed"; return 77; }
    "$pykcs11" - "$module" "$P11_PIV_READER" "$P11_PIV_PID" "$P11_PIV_LOG" <<'PY'
import os, signal, sys, time, PyKCS11
from PyKCS11 import CKA_CLASS, CKO_PRIVATE_KEY, CKA_ID, CKM_SHA256_RSA_PKCS, CKM_ECDSA_SHA256, Mechanism
module, reader, card_pid, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
apdus = lambda: sum(1 for line in open(log) if line.startswith(">"))
lib = PyKCS11.PyKCS11Lib()
lib.load(module)
def slot_of():
    for s in lib.getSlotList(tokenPresent=False):
        if lib.getSlotInfo(s).slotDescription.strip() == reader:
            return s
    raise SystemExit("no slot for " + reader)
slot = slot_of()
def sign(session, key_id, mech):
    key = session.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (key_id,))])[0]
    return bytes(session.sign(key, b"data", Mechanism(mech)))

def event(block):
    try:
        return lib.waitForSlotEvent(0 if block else PyKCS11.CKF_DONT_BLOCK)
    except PyKCS11.PyKCS11Error as e:
        assert e.value == PyKCS11.CKR_NO_EVENT, e
        return None
assert event(False) is None, "an event before anything happened"

s = lib.openSession(slot)
s.login("123456")
sign(s, 1, CKM_SHA256_RSA_PKCS)
lib.getTokenInfo(slot)  # its first call reads the CHUID and the PIN counter
s.findObjects([])       # the first full listing reads the certificates not read yet
# Listing again costs no APDU: the certificates are cached for this card session.
before = apdus()
for _ in range(3):
    s.findObjects([])
    lib.getTokenInfo(slot)
assert apdus() == before, "listing objects again sent %d APDUs" % (apdus() - before)
print("listing again: 0 APDUs")

# Card removed mid-session: an error, not a crash; the session is gone.
os.kill(card_pid, signal.SIGUSR1)
time.sleep(0.8)
try:
    sign(s, 1, CKM_SHA256_RSA_PKCS)
    raise SystemExit("signing without a card succeeded")
except PyKCS11.PyKCS11Error as e:
    print("after removal:", e)
    assert e.value in (PyKCS11.CKR_DEVICE_REMOVED, PyKCS11.CKR_TOKEN_NOT_PRESENT,
                       PyKCS11.CKR_SESSION_HANDLE_INVALID, PyKCS11.CKR_SESSION_CLOSED), e
assert slot not in lib.getSlotList(tokenPresent=True), "token still present"
assert event(False) == slot, "no slot event for the removal"
assert event(False) is None
# Re-inserted: a blocking C_WaitForSlotEvent wakes up for it (SIGALRM kills a hang), and
# the new token is usable at once.
os.kill(card_pid, signal.SIGUSR1)
signal.alarm(10)
assert event(True) == slot, "no slot event for the insertion"
signal.alarm(0)
print("slot events: removal (non-blocking), insertion (blocking)")
for _ in range(60):
    if slot in lib.getSlotList(tokenPresent=True):
        break
    time.sleep(0.1)
else:
    raise SystemExit("the card did not come back")
s2 = lib.openSession(slot)
s2.login("123456")
assert len(sign(s2, 1, CKM_SHA256_RSA_PKCS)) == 256
print("after re-insertion: signed")
s2.logout()
s2.closeSession()
PY
}

# ECDH with a card key (CKD_NULL): the secret equals what python derives with
# the fixture's private key and the peer's public key.  ARGS: READER KEY_FILE CKA_ID.
ecdh_matches() {
    [ -n "$pykcs11" ] || { echo "PyKCS11 not installed"; return 77; }
    "$pykcs11" - "$module" "$1" "$2" "$3" <<'PY'
import sys, PyKCS11
from PyKCS11 import CKA_CLASS, CKO_PRIVATE_KEY, CKO_SECRET_KEY, CKA_ID, CKA_KEY_TYPE, CKK_GENERIC_SECRET, \
    CKA_TOKEN, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_VALUE_LEN, CKA_VALUE
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
module, reader, key_file, key_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4], 16)
lib = PyKCS11.PyKCS11Lib()
lib.load(module)
slot = next(s for s in lib.getSlotList(tokenPresent=True) if lib.getSlotInfo(s).slotDescription.strip() == reader)
s = lib.openSession(slot)
s.login("123456")
key = s.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (key_id,))])[0]
peer = ec.generate_private_key(ec.SECP256R1())
point = peer.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
template = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_GENERIC_SECRET), (CKA_TOKEN, False),
            (CKA_SENSITIVE, False), (CKA_EXTRACTABLE, True), (CKA_VALUE_LEN, 32)]
secret = s.deriveKey(key, template, PyKCS11.ECDH1_DERIVE_Mechanism(list(point)))
got = bytes(s.getAttributeValue(secret, [CKA_VALUE])[0])
ours = serialization.load_pem_private_key(open(key_file, "rb").read(), None)
want = ours.exchange(ec.ECDH(), peer.public_key())
assert got == want, (got.hex(), want.hex())
print("ECDH with CKA_ID %02x: %s" % (key_id, got.hex()))
# A point not on the curve is the caller's mistake, not a device error.
bad = bytes([4]) + bytes(63) + b"\x01"
try:
    s.deriveKey(key, template, PyKCS11.ECDH1_DERIVE_Mechanism(list(bad)))
    raise SystemExit("a bad peer point was accepted")
except PyKCS11.PyKCS11Error as e:
    assert e.value == PyKCS11.CKR_MECHANISM_PARAM_INVALID, e
s.logout()
PY
}
ecdh_9d() {
    local from
    from=$(wc -l <"$P11_PIV_LOG2")
    ecdh_matches "$P11_PIV_READER2" "$P11_PIV_FIXTURE2/9d.key" 03
    # The card did the key agreement: GENERAL AUTHENTICATE P-256 with 9D, tag 85.
    tail -n +"$from" "$P11_PIV_LOG2" | grep -Eq '^> 0087119D..7C..8200854104'
}

# Card 2 has two retired key-management keys (82, 83): listed with CKA_ID 05
# and 06 because its key history object says so, and usable for ECDH.
retired_keys() {
    pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER2" --login --pin 123456 -O | tee "$work/retired"
    [ "$(grep -c 'Private Key Object' "$work/retired")" = 6 ]
    [ "$(grep -c 'Certificate Object' "$work/retired")" = 6 ]
    grep -q "label: *RETIRED KEY 2 key" "$work/retired"
    local id ref
    for id in 05 06; do
        ref=$(printf '%02x' $((0x82 + 10#$id - 5)))
        pkcs11-tool --module "$module" --slot-description "$P11_PIV_READER2" --read-object --type cert --id $id \
            -o "$work/retired-$id.der"
        openssl x509 -in "$P11_PIV_FIXTURE2/$ref.crt" -outform DER | cmp - "$work/retired-$id.der"
    done
    ! grep -q "ID: *07" "$work/retired"
    local from
    from=$(wc -l <"$P11_PIV_LOG2")
    ecdh_matches "$P11_PIV_READER2" "$P11_PIV_FIXTURE2/83.key" 06
    tail -n +"$from" "$P11_PIV_LOG2" | grep -Eq '^> 00871183..7C..8200854104'
}

# Extended-length APDUs: card 1 takes them, so the probing SELECT (Le 0000)
# succeeds and an RSA-2048 GENERAL AUTHENTICATE is one APDU with the whole
# answer; card 2 refuses them (67 00), so SELECT is asked again in the short
# form and the same signature goes chained, its answer via GET RESPONSE.
sign_9a_on() {  # READER FIXTURE
    pkcs11-tool --module "$module" --slot-description "$1" --login --pin 123456 \
        --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/ext.sig"
    pubkey "$2/9a.crt" "$work/ext.pub"
    openssl dgst -sha256 -verify "$work/ext.pub" -signature "$work/ext.sig" "$work/data"
}
extended_apdus() {
    local from
    reset_card
    from=$(quiet_log_lines "$P11_PIV_LOG")
    sign_9a_on "$P11_PIV_READER" "$P11_PIV_FIXTURE"
    tail -n +"$from" "$P11_PIV_LOG" >"$work/ext.log"
    grep -A1 '^> 00A4040000000BA000000308000010000100' "$work/ext.log" | grep '^< 61.*9000$' >/dev/null
    # 7C 82 01 06 { 82 00, 81 82 01 00 <256 bytes> }: extended Lc 010A, Le 0000.
    grep -A1 '^> 0087079A00010A' "$work/ext.log" | grep -Eq '^< 7C82010482820100[0-9A-F]{512}9000$'
    ! grep -Eq '^> (1087|00C0)' "$work/ext.log"
    # And a certificate comes in one response, too.
    ! grep -Eq '^< .*61[0-9A-F]{2}$' "$work/ext.log"
}
chained_apdus() {
    local from
    opensc-tool --reader "$P11_PIV_READER2" --reset cold >/dev/null 2>&1
    from=$(quiet_log_lines "$P11_PIV_LOG2")
    sign_9a_on "$P11_PIV_READER2" "$P11_PIV_FIXTURE2"
    tail -n +"$from" "$P11_PIV_LOG2" >"$work/chain.log"
    grep -A1 '^> 00A4040000000B' "$work/chain.log" | grep '^< 6700$' >/dev/null
    grep -A1 '^> 00A404000BA000000308000010000100' "$work/chain.log" | grep '9000$' >/dev/null
    grep -A1 '^> 1087079AFF' "$work/chain.log" | grep '^< 9000$' >/dev/null
    grep -A1 '^> 0087079A0B' "$work/chain.log" | grep '^< .*6108$' >/dev/null
    grep -q '^> 00C0000008$' "$work/chain.log"
    # The card refused the probe only: nothing extended was sent after it.
    [ "$(grep -c '^< 6700$' "$work/chain.log")" = 1 ]
}

# C_Logout resets the card's PIN status (VERIFY P1=FF): a second process that
# is still logged in (as far as PKCS #11 knows) gets CKR_USER_NOT_LOGGED_IN,
# because the card answers 69 82, until it logs in again.
logout_resets_card() {
    [ -n "$pykcs11" ] || { echo "PyKCS11 not installed"; return 77; }
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    mkfifo "$work/go" "$work/ready"
    "$pykcs11" - "$module" "$P11_PIV_READER" "$work/ready" "$work/go" <<'PY' &
import sys, PyKCS11
from PyKCS11 import CKA_CLASS, CKO_PRIVATE_KEY, CKA_ID, CKM_SHA256_RSA_PKCS, Mechanism
module, reader, ready, go = sys.argv[1:5]
lib = PyKCS11.PyKCS11Lib()
lib.load(module)
slot = next(s for s in lib.getSlotList(tokenPresent=True) if lib.getSlotInfo(s).slotDescription.strip() == reader)
s = lib.openSession(slot)
s.login("123456")
key = s.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (1,))])[0]
s.sign(key, b"data", Mechanism(CKM_SHA256_RSA_PKCS))
open(ready, "w").write("logged in\n")
open(go).read()  # the other process logs in and out meanwhile
try:
    s.sign(key, b"data", Mechanism(CKM_SHA256_RSA_PKCS))
    raise SystemExit("signed after another process's C_Logout: the card kept the PIN status")
except PyKCS11.PyKCS11Error as e:
    assert e.value == PyKCS11.CKR_USER_NOT_LOGGED_IN, e
    print("after C_Logout elsewhere:", e)
s.logout()
s.login("123456")  # handles to private objects die with C_Logout: find the key again
key = s.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (1,))])[0]
s.sign(key, b"data", Mechanism(CKM_SHA256_RSA_PKCS))
print("after logging in again: signed")
PY
    local bg=$!
    read -r _ <"$work/ready"
    "$pykcs11" - "$module" "$P11_PIV_READER" <<'PY'
import sys, PyKCS11
lib = PyKCS11.PyKCS11Lib()
lib.load(sys.argv[1])
slot = next(s for s in lib.getSlotList(tokenPresent=True) if lib.getSlotInfo(s).slotDescription.strip() == sys.argv[2])
s = lib.openSession(slot)
s.login("123456")
s.logout()
PY
    echo go >"$work/go"
    wait "$bg"
    tail -n +"$from" "$P11_PIV_LOG" | grep -A1 '^> 0020FF80$' | grep '^< 9000$' >/dev/null
    tail -n +"$from" "$P11_PIV_LOG" | grep -A1 '^> 0087079A' | grep '^< 6982$' >/dev/null
}

flags() { p11 -T | grep -i "token flags"; }
wrong_pin_until_locked() {
    flags | tee "$work/flags0"
    ! grep -Eq "count low|final|locked" "$work/flags0"
    ! p11 --login --pin 999999 -O >"$work/wrong1" 2>&1
    grep -q CKR_PIN_INCORRECT "$work/wrong1"
    flags | tee "$work/flags1"
    grep -q "user PIN count low" "$work/flags1"
    ! p11 --login --pin 999999 -O >"$work/wrong2" 2>&1
    flags | tee "$work/flags2"
    grep -q "final user PIN try" "$work/flags2"
    ! p11 --login --pin 999999 -O >"$work/wrong3" 2>&1
    grep -q CKR_PIN_LOCKED "$work/wrong3"
    flags | tee "$work/flags3"
    grep -q "user PIN locked" "$work/flags3"
    # Even the right PIN no longer opens it.
    ! p11 --login --pin 123456 -O >"$work/wrong4" 2>&1
    grep -q CKR_PIN_LOCKED "$work/wrong4"
}

# The vendor-like 2.11 profile: the module reports 2.11, yet the consumer
# learns from CKA_ALWAYS_AUTHENTICATE that 9C wants the context login, gives
# it, and signs with CKM_ECDSA_SHA256 (both admitted; strict 2.11 hides them).
sign_9c_extended() {
    [ -n "$scenario" ] && [ -n "$extended" ] || { echo "no scenario program or 2.11-extended module given"; exit 77; }
    "$scenario" "$extended" "$P11_PIV_READER" sign9c 123456 123456
    "$python" - "$extended" <<'PY'
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
class Version(ctypes.Structure):
    _fields_ = [("major", ctypes.c_ubyte), ("minor", ctypes.c_ubyte)]
class FunctionList(ctypes.Structure):
    _fields_ = [("version", Version)]
fl = ctypes.POINTER(FunctionList)()
assert lib.C_GetFunctionList(ctypes.byref(fl)) == 0
v = fl.contents.version
print("function list version", v.major, v.minor)
assert (v.major, v.minor) == (2, 11)
PY
}
check no-pcsc "without libpcsclite or with pcsc=no: the software token alone" no_pcsc
check list "slot 0 plus one slot per reader, both cards are tokens" list_slots
check objects "certificates and public keys equal the fixture's and OpenSC's; 4 private keys" objects_match
check sign-9a "9A RSA SHA256-RSA-PKCS and -PSS verify with openssl and with us" sign_9a
check sign-9c "9C ECDSA with context-specific login: VERIFY then GENERAL AUTHENTICATE" sign_9c_pin_always
check seed-demo "the seed's example flow on the card: sign (9A), decrypt and unwrap (9D)" seed_demo_on_card
check finalize-wakes "C_Finalize from another thread wakes a blocked C_WaitForSlotEvent (CKR_CRYPTOKI_NOT_INITIALIZED)" finalize_wakes_wait
check context-pin "a wrong context-specific PIN: CKR_PIN_INCORRECT from C_Login, then the right one signs" wrong_context_pin
check sign-9c-extended "9C on the 2.11-extended module: reports 2.11, context login, ECDSA-SHA256" sign_9c_extended
check decrypt-9d "9D RSA-PKCS decrypts what openssl encrypted, refuses garbage" decrypt_9d
check ecdh-9d "ECDH (CKD_NULL) with an EC 9D key equals python's with the fixture key" ecdh_9d
check retired "retired key-management keys 82, 83 as CKA_ID 05, 06: certificates, ECDH" retired_keys
check extended "card 1 takes extended APDUs: RSA-2048 GENERAL AUTHENTICATE in one APDU" extended_apdus
check chained "card 2 refuses them (67 00): short SELECT again, chaining and GET RESPONSE" chained_apdus
check logout "C_Logout resets the card's PIN status: another process gets CKR_USER_NOT_LOGGED_IN" logout_resets_card
check cross "signatures made through OpenSC verify through libp11forge.so" opensc_signs_we_verify
check card-2 "the second card in Virtual PCD 00 01 signs with its 9E key" second_card
check set-pin "C_SetPIN (CHANGE REFERENCE DATA) there and back" change_pin
check in-process "cached listing (0 APDUs); removal mid-session, re-insertion, slot events (PyKCS11)" in_process

count "pkcs11-tool -L" p11 -L
count "pkcs11-tool -O (list objects)" p11 -O
count "login + sign with 9A (SHA256-RSA-PKCS)" \
    p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/count.sig"
count "login + sign with 9C (ECDSA-SHA256, PIN-always)" \
    p11 --login --pin 123456 --sign -m ECDSA-SHA256 --id 02 -i "$work/data" -o "$work/count.sig"

# Last: it locks the card's PIN.
check wrong-pin "wrong PINs: count low, final try, locked; CKR_PIN_INCORRECT then CKR_PIN_LOCKED" wrong_pin_until_locked

echo
echo "libp11forge.so against the virtual PIV card:"
printf '  %s\n' "${results[@]}"
echo "APDUs per pkcs11-tool run on card 1 after a reset (whole process, C_Initialize to C_Finalize):"
printf '  %s\n' "${counts[@]}"
echo "$((${#results[@]} - failed)) passed or skipped, $failed failed"
[ "$failed" -eq 0 ]
