#!/usr/bin/python3
"""Reader hot-plug under one loaded libp11forge.so, in one process (run by test_hotplug.sh inside
rig.sh, whose pcscd it restarts with a reader more or less through $P11_RIG_PCSCD).

    hotplug.py MODULE HOT_FIXTURE

1. A reader appears: C_GetSlotList(FALSE) grows by exactly the new readers (one slot each), the
   old slots keep their ids, the new ids are new; a blocking C_WaitForSlotEvent is woken; the
   module finds pcscd again by itself (the rig's card is a token again, usable).
2. A card goes into the new reader: a blocking C_WaitForSlotEvent returns that slot, and the
   token is usable (certificates, login, a signature that verifies).
3. The reader goes: it leaves the slot list, its slot reports no token, its session fails with
   CKR_DEVICE_REMOVED or CKR_SESSION_HANDLE_INVALID (and stays dead), C_OpenSession there
   fails.
4. The reader comes back: the same slot id, the token usable again.
5. pcscd stops and starts: no readers meanwhile, a blocking C_WaitForSlotEvent is woken by its
   return.
Throughout: CKF_DONT_BLOCK gives CKR_NO_EVENT once the events are taken, and a slot id never
goes to another reader.  A hang is killed by SIGALRM.
"""

import os
import signal
import subprocess
import sys
import time

import PyKCS11
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import Encoding
from PyKCS11 import (CKA_CLASS, CKA_ID, CKA_VALUE, CKF_TOKEN_PRESENT, CKM_SHA256_RSA_PKCS, CKO_CERTIFICATE,
                     CKO_PRIVATE_KEY, Mechanism)

module, hot_fixture = sys.argv[1:3]
rig_pcscd = os.environ["P11_RIG_PCSCD"].split()
card_cmd = os.environ["P11_PIV_CARD"].split()
rig_reader, rig_fixture = os.environ["P11_PIV_READER"], os.environ["P11_PIV_FIXTURE"]
HOT, HOT_PORT = "Hotplug PCD", 35965
hot_reader, hot_empty = HOT + " 00 00", HOT + " 00 01"  # one vpcd entry is two readers
SOFT = "p11forge software token"
GONE = (PyKCS11.CKR_DEVICE_REMOVED, PyKCS11.CKR_SESSION_HANDLE_INVALID, PyKCS11.CKR_SESSION_CLOSED)

lib = PyKCS11.PyKCS11Lib()
lib.load(module)

ids = {}  # every reader ever listed -> its slot id


def slots(present=False):
    """Reader name -> slot id; checks that ids stay with their readers."""
    out = {}
    for s in lib.getSlotList(tokenPresent=present):
        name = lib.getSlotInfo(s).slotDescription.strip()
        out[name] = s
        assert ids.setdefault(name, s) == s, f"{name}: slot id {ids[name]} became {s}"
    assert len(set(ids.values())) == len(ids), f"a slot id went to another reader: {ids}"
    return out


def pcscd(*args):
    subprocess.run(rig_pcscd + list(args), check=True)


def later(delay, cmd):
    """Runs cmd after `delay` seconds, while this process blocks in C_WaitForSlotEvent."""
    return subprocess.Popen(["sh", "-c", 'sleep "$0"; exec "$@"', str(delay)] + cmd)


def event(block):
    signal.alarm(30 if block else 5)
    try:
        return lib.waitForSlotEvent(0 if block else PyKCS11.CKF_DONT_BLOCK)
    except PyKCS11.PyKCS11Error as e:
        assert e.value == PyKCS11.CKR_NO_EVENT, e
        return None
    finally:
        signal.alarm(0)


def drain():
    """The events not taken yet; then CKF_DONT_BLOCK says CKR_NO_EVENT."""
    got = []
    while (e := event(False)) is not None:
        got.append(e)
        assert len(got) < 100, "endless events"
    return got


def until(what, cond, timeout=20):
    deadline = time.monotonic() + timeout
    while not (v := cond()):
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for " + what)
        time.sleep(0.1)
    return v


def token_in(name):
    return until(f"a token in {name}", lambda: slots(present=True).get(name))


def fixture_cert(fixture):
    with open(os.path.join(fixture, "9a.crt"), "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


def use(slot, fixture):
    """The token works: its certificates include the fixture's 9A one, and 9A signs."""
    s = lib.openSession(slot)
    want = fixture_cert(fixture)
    certs = [bytes(s.getAttributeValue(o, [CKA_VALUE])[0]) for o in s.findObjects([(CKA_CLASS, CKO_CERTIFICATE)])]
    assert want.public_bytes(Encoding.DER) in certs, "not the fixture's card"
    s.login("123456")
    key = s.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (1,))])[0]
    sig = bytes(s.sign(key, b"hot-plug", Mechanism(CKM_SHA256_RSA_PKCS)))
    want.public_key().verify(sig, b"hot-plug", padding.PKCS1v15(), hashes.SHA256())
    return s, key


def dead(session, key, what):
    try:
        session.sign(key, b"hot-plug", Mechanism(CKM_SHA256_RSA_PKCS))
    except PyKCS11.PyKCS11Error as e:
        assert e.value in GONE, f"{what}: {e}"
        print(f"{what}: {e}")
        return
    raise SystemExit(f"{what}: the session still signs")


def step(text):
    print("---", text, flush=True)


initial = slots()
assert rig_reader in initial and hot_reader not in initial, initial
rig_slot = initial[rig_reader]
assert event(False) is None, "an event before anything happened"
rig_session = use(rig_slot, rig_fixture)

step("a reader appears (pcscd restarted with one more vpcd entry)")
req = later(1, rig_pcscd + ["add", HOT, str(HOT_PORT)])
first = event(True)
assert req.wait() == 0
print("blocking C_WaitForSlotEvent woke:", first)
now = until("the new readers", lambda: (lambda listed: listed if hot_reader in listed else None)(slots()))
assert set(now) == set(initial) | {hot_reader, hot_empty}, f"{sorted(initial)} -> {sorted(now)}"
hot_slot, empty_slot = now[hot_reader], now[hot_empty]
assert not {hot_slot, empty_slot} & set(initial.values()), "new readers got old ids"
assert not lib.getSlotInfo(hot_slot).flags & CKF_TOKEN_PRESENT
dead(*rig_session, "a session from before the restart")
token_in(rig_reader)
dead(*rig_session, "a session from before the restart, its card back")  # stays dead
rig_session = use(rig_slot, rig_fixture)
got = [first] + drain()
print("events:", got)
assert {rig_slot, hot_slot, empty_slot} <= set(got), f"missing events: {got}"
print("slot list", sorted(initial.values()), "->", sorted(now.values()))

step("a card goes into the new reader")
card = later(1, card_cmd + ["--provision", hot_fixture, "--port", str(HOT_PORT), "--reconnect",
                            "--log", os.path.join(os.environ["P11_RIG_DIR"], "hot.apdu")])
with open(os.path.join(os.environ["P11_RIG_DIR"], "hot.pid"), "w") as f:
    f.write(f"{card.pid}\n")  # for test_hotplug.sh, should SIGALRM end this process
try:
    got = event(True)
    assert got == hot_slot, f"woke for slot {got}, not {hot_slot}"
    token_in(hot_reader)
    hot_session = use(hot_slot, hot_fixture)
    assert drain() == [], "more events than the card's"
    print("blocking C_WaitForSlotEvent woke for", hot_slot, "and its token signs")

    step("the reader goes")
    req = later(1, rig_pcscd + ["remove", HOT])
    first = event(True)
    assert req.wait() == 0
    until("the readers to go", lambda: hot_reader not in slots())
    assert set(slots()) == set(initial)
    assert not lib.getSlotInfo(hot_slot).flags & CKF_TOKEN_PRESENT, "a token in a removed reader"
    dead(*hot_session, "a session in a removed reader")
    try:
        lib.openSession(hot_slot)
        raise SystemExit("C_OpenSession in a removed reader")
    except PyKCS11.PyKCS11Error as e:
        assert e.value == PyKCS11.CKR_TOKEN_NOT_PRESENT, e
    token_in(rig_reader)
    rig_session = use(rig_slot, rig_fixture)
    got = [first] + drain()
    print("events:", got)
    assert {rig_slot, hot_slot, empty_slot} <= set(got), f"missing events: {got}"

    step("the reader comes back, its card still in it")
    pcscd("add", HOT, str(HOT_PORT))
    token_in(hot_reader)  # slots() checks that it is hot_slot again
    use(hot_slot, hot_fixture)
    token_in(rig_reader)
    use(rig_slot, rig_fixture)
    got = drain()
    assert {hot_slot, empty_slot} <= set(got), f"missing events: {got}"

    step("pcscd stops, then starts again")
    pcscd("stop")
    assert set(slots()) == {SOFT}, "readers listed without pcscd"
    assert not slots(present=True).keys() - {SOFT}
    got = drain()
    assert {rig_slot, hot_slot, empty_slot} <= set(got), f"missing events: {got}"
    req = later(1, rig_pcscd + ["start"])
    woke = event(True)
    assert req.wait() == 0
    print("blocking C_WaitForSlotEvent without pcscd woke for", woke)
    token_in(rig_reader)
    token_in(hot_reader)
    use(rig_slot, rig_fixture)
    use(hot_slot, hot_fixture)
    drain()
    assert event(False) is None
finally:
    card.terminate()
    card.wait()

print("slot ids:", {n: i for n, i in sorted(ids.items(), key=lambda x: x[1])})
print("hot-plug: all steps passed")
