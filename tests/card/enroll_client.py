"""PIV enrollment through libp11forge.so, in one process (PyKCS11, ctypes): the CKR codes
pkcs11-tool does not show.

  enroll_client.py MODULE READER bad-input            the CKR codes of wrong SO keys and wrong templates
  enroll_client.py MODULE READER enrolled             on a card with a 9C key and certificate: what may not
                                                      be destroyed, by whom; NULL pointers (ctypes)

Exits non-zero with a message on the first unexpected answer.
"""
import ctypes
import sys

import PyKCS11
from PyKCS11 import LowLevel as LL

DEFAULT_KEY = "010203040506070801020304050607080102030405060708"
AES128 = "000102030405060708090a0b0c0d0e0f"
P256 = bytes.fromhex("06082a8648ce3d030107")
P521 = bytes.fromhex("06052b81040023")
CKR_ACTION_PROHIBITED = 0x1B  # PKCS #11 2.40; PyKCS11 does not name it


def open_session(module, reader, rw=True):
    lib = PyKCS11.PyKCS11Lib()
    lib.load(module)
    for slot in lib.getSlotList(tokenPresent=True):
        if lib.getSlotInfo(slot).slotDescription.strip() == reader:
            flags = PyKCS11.CKF_SERIAL_SESSION | (PyKCS11.CKF_RW_SESSION if rw else 0)
            return lib, lib.openSession(slot, flags)
    sys.exit(f"no token in {reader}")


def name(code):
    return PyKCS11.CKR.get(code, hex(code))


def expect(code, what, fn):
    try:
        fn()
    except PyKCS11.PyKCS11Error as e:
        if e.value != code:
            sys.exit(f"{what}: {name(e.value)}, expected {name(code)}")
        print(f"ok  {what}: {name(code)}")
        return
    sys.exit(f"{what}: CKR_OK, expected {name(code)}")


def templates(key_id, ec_params=None, bits=None, token=True):
    pub = [(PyKCS11.CKA_TOKEN, token), (PyKCS11.CKA_ID, key_id)]
    if ec_params is not None:
        pub.append((PyKCS11.CKA_EC_PARAMS, ec_params))
    if bits is not None:
        pub.append((PyKCS11.CKA_MODULUS_BITS, bits))
    priv = [(PyKCS11.CKA_TOKEN, token), (PyKCS11.CKA_PRIVATE, True), (PyKCS11.CKA_ID, key_id)]
    return pub, priv


def bad_input(module, reader):
    lib, s = open_session(module, reader)
    ec = PyKCS11.Mechanism(PyKCS11.CKM_EC_KEY_PAIR_GEN)
    # Not logged in: no generation, no certificate.
    expect(PyKCS11.CKR_USER_NOT_LOGGED_IN, "generate without the SO",
           lambda: s.generateKeyPair(*templates(b"\x02", P256), ec))
    cert = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE), (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
            (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_ID, b"\x02"), (PyKCS11.CKA_VALUE, b"\x30\x00"),
            (PyKCS11.CKA_SUBJECT, b"\x30\x00")]
    expect(PyKCS11.CKR_USER_NOT_LOGGED_IN, "certificate without the SO", lambda: s.createObject(cert))
    # Wrong management keys: another key, bad hex, a length of no algorithm.
    wrong = "11" + DEFAULT_KEY[2:]
    expect(PyKCS11.CKR_PIN_INCORRECT, "wrong 3DES key", lambda: s.login(wrong, PyKCS11.CKU_SO))
    expect(PyKCS11.CKR_PIN_INCORRECT, "not hex", lambda: s.login("zz" + DEFAULT_KEY[2:], PyKCS11.CKU_SO))
    expect(PyKCS11.CKR_PIN_INCORRECT, "20 bytes", lambda: s.login(DEFAULT_KEY[:40], PyKCS11.CKU_SO))
    expect(PyKCS11.CKR_PIN_INCORRECT, "an AES-128 key for a 3DES card",
           lambda: s.login(DEFAULT_KEY[:32], PyKCS11.CKU_SO))
    # A read-only session cannot write; then the SO.
    ro = lib.openSession(s.getSessionInfo().slotID, PyKCS11.CKF_SERIAL_SESSION)
    ro.closeSession()
    s.login(DEFAULT_KEY, PyKCS11.CKU_SO)
    expect(PyKCS11.CKR_KEY_SIZE_RANGE, "RSA-1024",
           lambda: s.generateKeyPair(*templates(b"\x01", bits=1024), PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS_KEY_PAIR_GEN)))
    expect(PyKCS11.CKR_CURVE_NOT_SUPPORTED, "P-521", lambda: s.generateKeyPair(*templates(b"\x02", P521), ec))
    expect(PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "CKA_ID 19 (no slot)",
           lambda: s.generateKeyPair(*templates(b"\x19", P256), ec))
    expect(PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "CKA_ID of two bytes",
           lambda: s.generateKeyPair(*templates(b"\x01\x02", P256), ec))
    expect(PyKCS11.CKR_TEMPLATE_INCONSISTENT, "a session key pair",
           lambda: s.generateKeyPair(*templates(b"\x02", P256, token=False), ec))
    pub_t, priv_t = templates(b"\x02", P256)
    priv_t[-1] = (PyKCS11.CKA_ID, b"\x03")
    expect(PyKCS11.CKR_TEMPLATE_INCONSISTENT, "different CKA_IDs", lambda: s.generateKeyPair(pub_t, priv_t, ec))
    expect(PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "a certificate that is not DER", lambda: s.createObject(cert))
    data = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_DATA), (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_VALUE, b"x")]
    expect(PyKCS11.CKR_ATTRIBUTE_VALUE_INVALID, "a data object", lambda: s.createObject(data))
    no_id = [a for a in cert if a[0] != PyKCS11.CKA_ID]
    expect(PyKCS11.CKR_TEMPLATE_INCOMPLETE, "a certificate without CKA_ID", lambda: s.createObject(no_id))
    # As the SO, C_SetPIN sets a new management key (ykcs11): YubiKey's SET MANAGEMENT KEY,
    # which an SP 800-73-4 card does not have.  Last: a wrong key ends the card's 9B status.
    expect(PyKCS11.CKR_PIN_LEN_RANGE, "SO C_SetPIN to 20 bytes", lambda: s.setPin(DEFAULT_KEY, DEFAULT_KEY[:40]))
    expect(PyKCS11.CKR_PIN_INVALID, "SO C_SetPIN to no hex", lambda: s.setPin(DEFAULT_KEY, "zz" * 24))
    expect(PyKCS11.CKR_PIN_INCORRECT, "SO C_SetPIN with a wrong old key", lambda: s.setPin("11" + DEFAULT_KEY[2:], AES128))
    try:
        s.setPin(DEFAULT_KEY, AES128)
        print("ok  SO C_SetPIN: the card took a new management key")
        s.logout()
        s.login(AES128, PyKCS11.CKU_SO)
        s.setPin(AES128, DEFAULT_KEY)
    except PyKCS11.PyKCS11Error as e:
        if e.value != PyKCS11.CKR_FUNCTION_NOT_SUPPORTED:
            sys.exit(f"SO C_SetPIN: {name(e.value)}, expected CKR_OK or CKR_FUNCTION_NOT_SUPPORTED")
        print("ok  SO C_SetPIN on an SP 800-73-4 card: CKR_FUNCTION_NOT_SUPPORTED")
    s.logout()
    # ykcs11's prefixes outside a login: "puk:" changes the PUK, with "pin:" unblocks the PIN.
    s.setPin("puk:12345678", "87654321")
    expect(PyKCS11.CKR_PIN_INCORRECT, "puk: with a wrong PUK", lambda: s.setPin("puk:12345678", "11111111"))
    s.setPin("puk:87654321", "12345678")
    s.setPin("puk:12345678", "pin:123456")
    expect(PyKCS11.CKR_PIN_LEN_RANGE, "pin: of 3 digits", lambda: s.setPin("puk:12345678", "pin:123"))
    print("ok  puk: and pin: prefixes")
    # The SO cannot log in while a read-only session is open.
    ro = lib.openSession(s.getSessionInfo().slotID, PyKCS11.CKF_SERIAL_SESSION)
    expect(PyKCS11.CKR_SESSION_READ_ONLY_EXISTS, "SO with a read-only session open",
           lambda: s.login(DEFAULT_KEY, PyKCS11.CKU_SO))
    expect(PyKCS11.CKR_SESSION_READ_ONLY, "certificate in a read-only session", lambda: ro.createObject(cert))
    ro.closeSession()


def enrolled(module, reader):
    lib, s = open_session(module, reader)
    cert = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE), (PyKCS11.CKA_ID, b"\x02")])
    if len(cert) != 1:
        sys.exit(f"{len(cert)} certificates with CKA_ID 02")
    expect(PyKCS11.CKR_USER_NOT_LOGGED_IN, "destroy a certificate without the SO", lambda: s.destroyObject(cert[0]))
    ro = lib.openSession(s.getSessionInfo().slotID, PyKCS11.CKF_SERIAL_SESSION)
    ro_cert = ro.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE), (PyKCS11.CKA_ID, b"\x02")])
    expect(PyKCS11.CKR_SESSION_READ_ONLY, "destroy in a read-only session", lambda: ro.destroyObject(ro_cert[0]))
    ro.closeSession()
    pub = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY), (PyKCS11.CKA_ID, b"\x02")])
    s.login(DEFAULT_KEY, PyKCS11.CKU_SO)
    expect(CKR_ACTION_PROHIBITED, "destroy a card key", lambda: s.destroyObject(pub[0]))
    # NULL pointers where PKCS #11 wants output handles, bad handles, with the SO logged in
    # (ctypes: PyKCS11 never sends them).
    p11 = ctypes.CDLL(module)
    ulong = ctypes.c_ulong
    handle = ulong(s.session.value())

    class Mechanism(ctypes.Structure):
        _fields_ = [("mechanism", ulong), ("pParameter", ctypes.c_void_p), ("ulParameterLen", ulong)]

    class Attribute(ctypes.Structure):
        _fields_ = [("type", ulong), ("pValue", ctypes.c_void_p), ("ulValueLen", ulong)]

    def check(code, what, rv):
        if rv != code:
            sys.exit(f"{what}: {name(rv)}, expected {name(code)}")
        print(f"ok  {what}: {name(code)}")

    mech = Mechanism(PyKCS11.CKM_EC_KEY_PAIR_GEN, None, 0)
    params = ctypes.create_string_buffer(P256, len(P256))
    yes, key_id = ctypes.c_ubyte(1), ctypes.c_ubyte(2)
    pub_t = (Attribute * 3)(Attribute(PyKCS11.CKA_TOKEN, ctypes.addressof(yes), 1),
                            Attribute(PyKCS11.CKA_ID, ctypes.addressof(key_id), 1),
                            Attribute(PyKCS11.CKA_EC_PARAMS, ctypes.addressof(params), len(P256)))
    priv_t = (Attribute * 2)(Attribute(PyKCS11.CKA_TOKEN, ctypes.addressof(yes), 1),
                             Attribute(PyKCS11.CKA_ID, ctypes.addressof(key_id), 1))
    out = ulong(0)
    check(PyKCS11.CKR_ARGUMENTS_BAD, "C_GenerateKeyPair without phPublicKey",
          p11.C_GenerateKeyPair(handle, ctypes.byref(mech), pub_t, ulong(3), priv_t, ulong(2), None, ctypes.byref(out)))
    check(PyKCS11.CKR_ARGUMENTS_BAD, "C_GenerateKeyPair without a mechanism",
          p11.C_GenerateKeyPair(handle, None, pub_t, ulong(3), priv_t, ulong(2), ctypes.byref(out), ctypes.byref(out)))
    check(PyKCS11.CKR_ARGUMENTS_BAD, "C_CreateObject without phObject",
          p11.C_CreateObject(handle, pub_t, ulong(3), None))
    check(PyKCS11.CKR_SESSION_HANDLE_INVALID, "C_GenerateKeyPair on session 0x7777",
          p11.C_GenerateKeyPair(ulong(0x7777), ctypes.byref(mech), pub_t, ulong(3), priv_t, ulong(2),
                                ctypes.byref(out), ctypes.byref(out)))
    check(PyKCS11.CKR_OBJECT_HANDLE_INVALID, "C_DestroyObject of handle 0x7777", p11.C_DestroyObject(handle, ulong(0x7777)))
    s.logout()
    check(PyKCS11.CKR_ARGUMENTS_BAD, "C_Login as SO with a NULL PIN of length 48",
          p11.C_Login(handle, ulong(PyKCS11.CKU_SO), None, ulong(48)))


if __name__ == "__main__":
    module, reader, mode = sys.argv[1:4]
    if mode == "bad-input":
        bad_input(module, reader)
    elif mode == "enrolled":
        enrolled(module, reader)
    else:
        sys.exit("unknown mode " + mode)
