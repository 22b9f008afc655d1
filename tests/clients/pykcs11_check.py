#!/usr/bin/python3
"""PyKCS11 conformance checks against one PKCS#11 module.

Run by pykcs11.sh (which initialises the token); by hand:
    /usr/bin/python3 pykcs11_check.py --module M.so --token LABEL --pin PIN [--phase 1|2]

Phase 1 generates keys and exercises them; phase 2 (a new process) checks that
the token objects of phase 1 persisted and still work.

Every check prints one line
    RESULT <name> <PASS|FAIL|SKIP> <milliseconds> <description>
preceded by its diagnostics; lib.sh turns known failures into XFAIL/XPASS.
A check is SKIPped only when the module does not list the mechanism in
C_GetMechanismList; anything the module claims must work.

Independent verification uses the `cryptography` package (python3-cryptography)
when present: signatures, OAEP, AES-CBC/GCM and RFC 3394/5649 wraps are
compared with it.
"""

import argparse
import ctypes
import hashlib
import os
import sys
import time
import traceback

import PyKCS11
from PyKCS11 import LowLevel as LL
from PyKCS11 import (
    CKA_CLASS, CKA_DECRYPT, CKA_EC_PARAMS, CKA_EC_POINT, CKA_ENCRYPT, CKA_EXTRACTABLE, CKA_ID,
    CKA_KEY_TYPE, CKA_LABEL, CKA_LOCAL, CKA_MODULUS, CKA_MODULUS_BITS, CKA_PRIVATE,
    CKA_PRIVATE_EXPONENT, CKA_PUBLIC_EXPONENT, CKA_SENSITIVE, CKA_SIGN, CKA_TOKEN, CKA_UNWRAP,
    CKA_VALUE, CKA_VALUE_LEN, CKA_VERIFY, CKA_WRAP, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE,
    CKF_RW_SESSION, CKF_SERIAL_SESSION, CKK_AES, CKK_EC, CKK_RSA, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY,
    CKO_SECRET_KEY, CKO_DATA, CKS_RW_USER_FUNCTIONS, CKR_OK,
    PyKCS11Error,
)

try:
    from cryptography.hazmat.primitives import hashes, padding as sympad
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives import keywrap
    HAVE_CRYPTO = True
except ImportError:  # pragma: no cover - reported per check
    HAVE_CRYPTO = False

# ulValueLen of a refused attribute: CK_UNAVAILABLE_INFORMATION (~0UL).
UNAVAILABLE = (ctypes.c_ulong(-1).value,)
P256_OID_DER = bytes.fromhex("06082a8648ce3d030107")
DIGESTINFO_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")
BAD_HANDLE = 0x7FFFFF37


class CK_ATTRIBUTE(ctypes.Structure):
    _fields_ = [("type", ctypes.c_ulong), ("pValue", ctypes.c_void_p), ("ulValueLen", ctypes.c_ulong)]


class RawP11:
    """Direct calls into the module PyKCS11 has loaded (dlopen gives the same
    instance), for what PyKCS11 hides: the exact ulValueLen of C_GetAttributeValue."""

    # Slot of C_GetAttributeValue in CK_FUNCTION_LIST (after the CK_VERSION).
    GET_ATTRIBUTE_VALUE = 24

    def __init__(self, path):
        self.dll = ctypes.CDLL(path)
        fl = ctypes.POINTER(ctypes.c_void_p)()
        get_list = self.dll.C_GetFunctionList
        get_list.argtypes = [ctypes.POINTER(ctypes.POINTER(ctypes.c_void_p))]
        rv = get_list(ctypes.byref(fl))
        if rv != 0:
            raise RuntimeError("C_GetFunctionList returned %d" % rv)
        # fl[0] holds the CK_VERSION (padded to a pointer), fl[1+i] function i.
        proto = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.POINTER(CK_ATTRIBUTE), ctypes.c_ulong)
        self.get_attribute_value = proto(fl[1 + self.GET_ATTRIBUTE_VALUE])

    def get_lengths(self, session, handle, types):
        arr = (CK_ATTRIBUTE * len(types))()
        for i, t in enumerate(types):
            arr[i].type, arr[i].pValue, arr[i].ulValueLen = t, None, 0
        rv = self.get_attribute_value(session, handle, arr, len(types))
        return rv, [arr[i].ulValueLen for i in range(len(types))]


class Skip(Exception):
    pass


class Fail(Exception):
    pass


def rv_name(rv):
    return PyKCS11.CKR.get(rv, "0x%08x" % rv)


def expect(cond, message):
    if not cond:
        raise Fail(message)


def expect_rv(fn, wanted, what):
    """fn() must raise PyKCS11Error with a CKR in wanted (a name or a tuple of names)."""
    if isinstance(wanted, str):
        wanted = (wanted,)
    try:
        fn()
    except PyKCS11Error as e:
        got = rv_name(e.value)
        print("  %s -> %s" % (what, got))
        if got not in wanted:
            raise Fail("%s returned %s, expected %s" % (what, got, " or ".join(wanted)))
        return got
    raise Fail("%s succeeded, expected %s" % (what, " or ".join(wanted)))


def need_crypto():
    if not HAVE_CRYPTO:
        print("  note: python3-cryptography missing, no independent verification")
    return HAVE_CRYPTO


class Checker:
    def __init__(self, args):
        self.args = args
        self.lib = PyKCS11.PyKCS11Lib()
        self.lib.load(args.module)
        self.slot = None
        for s in self.lib.getSlotList(tokenPresent=True):
            if self.lib.getTokenInfo(s).label.strip() == args.token:
                self.slot = s
                break
        if self.slot is None:
            raise SystemExit("token %r not found" % args.token)
        self.mechs = set(self.lib.getMechanismList(self.slot))
        self.session = None
        # A session open for the whole run: with none open, a module may log
        # the user out and invalidate object handles (PKCS#11 allows both).
        self.keeper = self.lib.openSession(self.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
        self.raw = RawP11(args.module)
        self.keys = {}
        self.results = []

    # ------------------------------------------------------------ helpers

    def has(self, *mechs):
        return all(m in self.mechs for m in mechs)

    def need(self, *mechs):
        for m in mechs:
            if m not in self.mechs:
                raise Skip("module does not list %s" % m)

    def key(self, name):
        if name not in self.keys:
            raise Fail("key %s missing (its generation check failed)" % name)
        return self.keys[name]

    def raw_get(self, handle, types):
        """C_GetAttributeValue with NULL buffers: (rv, [ulValueLen...])."""
        return self.raw.get_lengths(self.session.session.value(), handle.value(), types)

    def attr(self, handle, a):
        return self.session.getAttributeValue(handle, [a], allAsBinary=True)[0]

    def attr_bool(self, handle, a):
        return self.session.getAttributeValue(handle, [a])[0]

    def find(self, template):
        return self.session.findObjects(template)

    def handle(self, value):
        h = PyKCS11.CK_OBJECT_HANDLE(self.session)
        h.assign(value)
        return h

    def rsa_public(self, pub):
        n = int.from_bytes(bytes(self.attr(pub, CKA_MODULUS)), "big")
        e = int.from_bytes(bytes(self.attr(pub, CKA_PUBLIC_EXPONENT)), "big")
        return rsa.RSAPublicNumbers(e, n).public_key()

    def ec_public(self, pub):
        point = bytes(self.attr(pub, CKA_EC_POINT))
        # CKA_EC_POINT is a DER OCTET STRING holding the uncompressed point.
        expect(point[0] == 0x04 and point[1] == 0x41 and point[2] == 0x04 and len(point) == 67,
               "CKA_EC_POINT is not a DER OCTET STRING of a 65-byte uncompressed P-256 point: %s" % point.hex())
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point[2:])

    def multipart(self, init, update, final, key, mech, chunks):
        s = self.session.session
        rv = init(s, mech.to_native(), key)
        if rv != CKR_OK:
            raise PyKCS11Error(rv)
        for c in chunks:
            rv = update(s, PyKCS11.ckbytelist(c))
            if rv != CKR_OK:
                raise PyKCS11Error(rv)
        out = PyKCS11.ckbytelist()
        rv = final(s, out)
        if rv != CKR_OK:
            raise PyKCS11Error(rv)
        rv = final(s, out)
        if rv != CKR_OK:
            raise PyKCS11Error(rv)
        return bytes(out)

    def call_out(self, fn, size, *args):
        """A C_ function with a trailing output buffer of room for size bytes
        (one call: a zero-length answer cannot be fetched after a length query
        because PyKCS11 passes an empty buffer as NULL, i.e. as a new query)."""
        out = PyKCS11.ckbytelist(bytes(size))
        rv = fn(self.session.session, *args, out)
        if rv != CKR_OK:
            raise PyKCS11Error(rv)
        return bytes(out)

    def decrypt_multipart(self, key, mech, chunks):
        lib = self.lib.lib
        rv = lib.C_DecryptInit(self.session.session, mech.to_native(), key)
        if rv != CKR_OK:
            raise PyKCS11Error(rv)
        out = b""
        for c in chunks:
            out += self.call_out(lib.C_DecryptUpdate, len(c) + 64, PyKCS11.ckbytelist(c))
        return out + self.call_out(lib.C_DecryptFinal, 64)

    def import_aes(self, value, label, extractable=True, token=False):
        return self.session.createObject([
            (CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES), (CKA_TOKEN, token),
            (CKA_LABEL, label), (CKA_VALUE, value), (CKA_ENCRYPT, True), (CKA_DECRYPT, True),
            (CKA_WRAP, True), (CKA_UNWRAP, True), (CKA_SENSITIVE, False),
            (CKA_EXTRACTABLE, extractable),
        ])

    def aes_template(self, label, extractable=True):
        return [
            (CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES), (CKA_TOKEN, False),
            (CKA_LABEL, label), (CKA_ENCRYPT, True), (CKA_DECRYPT, True),
            (CKA_SENSITIVE, False), (CKA_EXTRACTABLE, extractable),
        ]

    def same_aes_key(self, handle, value):
        """The key behind handle is value: compare an AES-ECB encryption."""
        block = os.urandom(32)
        iv = bytes(16)
        ct = bytes(self.session.encrypt(handle, block, PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC, iv)))
        if HAVE_CRYPTO:
            enc = Cipher(algorithms.AES(value), modes.CBC(iv)).encryptor()
            ref = enc.update(block) + enc.finalize()
            expect(ct == ref, "the key is not the expected one (AES-CBC under it differs)")

    def ensure_login(self):
        try:
            self.session.login(self.args.pin)
        except PyKCS11Error as e:
            if rv_name(e.value) != "CKR_USER_ALREADY_LOGGED_IN":
                raise

    # ------------------------------------------------------------ runner

    def run(self, name, desc, fn, *args):
        """One check in a session of its own, so that an operation a faulty
        check leaves active cannot break the next ones; the user stays logged in."""
        t0 = time.monotonic()
        status, why = "PASS", ""
        try:
            self.session = self.lib.openSession(self.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
            if name != "session" and name != "persistence":
                self.ensure_login()
            fn(*args)
        except Skip as e:
            status, why = "SKIP", " -- %s" % e
        except Fail as e:
            status = "FAIL"
            print("FAILED: %s" % e)
        except PyKCS11Error as e:
            status = "FAIL"
            print("FAILED: unexpected %s" % e)
            traceback.print_exc(file=sys.stdout)
        except Exception as e:  # a check must report, never stop the others
            status = "FAIL"
            print("FAILED: %s: %s" % (type(e).__name__, e))
            traceback.print_exc(file=sys.stdout)
        try:
            if self.session is not None:
                self.ensure_login()
                self.session.closeSession()
        except PyKCS11Error as e:
            print("  (closing the check's session: %s)" % e)
        self.session = None
        ms = int((time.monotonic() - t0) * 1000)
        print("RESULT %s %s %d %s%s" % (name, status, ms, desc, why))
        sys.stdout.flush()
        self.results.append(status)

    # ------------------------------------------------------------ checks: session

    def c_session(self):
        self.session.login(self.args.pin)
        info = self.session.getSessionInfo()
        print("  session state %s flags %s" % (info.state2text(), info.flags))
        expect(info.state == CKS_RW_USER_FUNCTIONS, "state after login is %s, not CKS_RW_USER_FUNCTIONS" % info.state2text())
        print("  %d mechanisms listed" % len(self.mechs))

    def c_mechanism_info(self):
        wanted = {
            "CKM_RSA_PKCS_KEY_PAIR_GEN": PyKCS11.CKF_GENERATE_KEY_PAIR,
            "CKM_EC_KEY_PAIR_GEN": PyKCS11.CKF_GENERATE_KEY_PAIR,
            "CKM_AES_KEY_GEN": PyKCS11.CKF_GENERATE,
            "CKM_SHA256_RSA_PKCS": PyKCS11.CKF_SIGN | PyKCS11.CKF_VERIFY,
            "CKM_ECDSA": PyKCS11.CKF_SIGN | PyKCS11.CKF_VERIFY,
            "CKM_RSA_PKCS_OAEP": PyKCS11.CKF_ENCRYPT | PyKCS11.CKF_DECRYPT,
            "CKM_AES_CBC_PAD": PyKCS11.CKF_ENCRYPT | PyKCS11.CKF_DECRYPT,
            "CKM_AES_GCM": PyKCS11.CKF_ENCRYPT | PyKCS11.CKF_DECRYPT,
            "CKM_AES_KEY_WRAP": PyKCS11.CKF_WRAP | PyKCS11.CKF_UNWRAP,
            "CKM_SHA256": PyKCS11.CKF_DIGEST,
        }
        bad = []
        for m, flags in wanted.items():
            if m not in self.mechs:
                print("  not listed: %s" % m)
                continue
            info = self.lib.getMechanismInfo(self.slot, m)
            if info.flags & flags != flags:
                bad.append("%s flags 0x%x lack 0x%x" % (m, info.flags, flags))
        for m in ("CKM_RSA_PKCS_KEY_PAIR_GEN",):
            if m in self.mechs:
                info = self.lib.getMechanismInfo(self.slot, m)
                if not info.ulMinKeySize <= 2048 <= info.ulMaxKeySize:
                    bad.append("%s key sizes %d..%d exclude 2048" % (m, info.ulMinKeySize, info.ulMaxKeySize))
        rv = self.lib.lib.C_GetMechanismInfo(self.slot, 0xFFFFFF00, LL.CK_MECHANISM_INFO())
        print("  C_GetMechanismInfo(0xFFFFFF00, unknown vendor mechanism) -> %s" % rv_name(rv))
        if rv_name(rv) != "CKR_MECHANISM_INVALID":
            bad.append("unknown mechanism gave %s, not CKR_MECHANISM_INVALID" % rv_name(rv))
        expect(not bad, "; ".join(bad))

    # ------------------------------------------------------------ checks: key generation

    def c_keygen_rsa(self):
        self.need("CKM_RSA_PKCS_KEY_PAIR_GEN")
        pub_t = [(CKA_TOKEN, True), (CKA_LABEL, "py-rsa"), (CKA_ID, b"\x31"), (CKA_MODULUS_BITS, 2048),
                 (CKA_PUBLIC_EXPONENT, (0x01, 0x00, 0x01)), (CKA_VERIFY, True), (CKA_ENCRYPT, True), (CKA_WRAP, True)]
        priv_t = [(CKA_TOKEN, True), (CKA_LABEL, "py-rsa"), (CKA_ID, b"\x31"), (CKA_PRIVATE, True),
                  (CKA_SENSITIVE, True), (CKA_EXTRACTABLE, False), (CKA_SIGN, True), (CKA_DECRYPT, True),
                  (CKA_UNWRAP, True)]
        pub, priv = self.session.generateKeyPair(pub_t, priv_t, PyKCS11.MechanismRSAGENERATEKEYPAIR)
        self.keys["rsa-pub"], self.keys["rsa"] = pub, priv
        bits = self.session.getAttributeValue(pub, [CKA_MODULUS_BITS])[0]
        n = bytes(self.attr(pub, CKA_MODULUS))
        e = bytes(self.attr(pub, CKA_PUBLIC_EXPONENT))
        print("  modulus bits %s, %d modulus bytes, exponent %s" % (bits, len(n), e.hex()))
        expect(bits == 2048 and len(n) == 256, "modulus is not 2048 bits")
        expect(int.from_bytes(e, "big") == 65537, "public exponent is not 65537")
        expect(self.attr_bool(priv, CKA_SENSITIVE), "private key not CKA_SENSITIVE")
        expect(self.attr_bool(priv, CKA_ALWAYS_SENSITIVE), "private key not CKA_ALWAYS_SENSITIVE")
        expect(self.attr_bool(priv, CKA_NEVER_EXTRACTABLE), "private key not CKA_NEVER_EXTRACTABLE")
        expect(self.attr_bool(priv, CKA_LOCAL) and self.attr_bool(pub, CKA_LOCAL), "generated keys not CKA_LOCAL")
        expect(self.session.getAttributeValue(priv, [CKA_KEY_TYPE])[0] == CKK_RSA, "private key CKA_KEY_TYPE is not CKK_RSA")
        # The private key carries the public parts too (PKCS#11 2.40 §2.1.3).
        expect(bytes(self.attr(priv, CKA_MODULUS)) == n, "private key CKA_MODULUS differs from the public key's")

    def c_keygen_ec(self):
        self.need("CKM_EC_KEY_PAIR_GEN")
        pub_t = [(CKA_TOKEN, True), (CKA_LABEL, "py-ec"), (CKA_ID, b"\x32"), (CKA_EC_PARAMS, P256_OID_DER),
                 (CKA_VERIFY, True)]
        priv_t = [(CKA_TOKEN, True), (CKA_LABEL, "py-ec"), (CKA_ID, b"\x32"), (CKA_PRIVATE, True),
                  (CKA_SENSITIVE, True), (CKA_SIGN, True)]
        pub, priv = self.session.generateKeyPair(pub_t, priv_t, PyKCS11.MechanismECGENERATEKEYPAIR)
        self.keys["ec-pub"], self.keys["ec"] = pub, priv
        params = bytes(self.attr(pub, CKA_EC_PARAMS))
        expect(params == P256_OID_DER, "CKA_EC_PARAMS of the public key is %s" % params.hex())
        expect(bytes(self.attr(priv, CKA_EC_PARAMS)) == P256_OID_DER, "CKA_EC_PARAMS of the private key differs")
        if need_crypto():
            self.ec_public(pub)
        expect(self.session.getAttributeValue(priv, [CKA_KEY_TYPE])[0] == CKK_EC, "private key CKA_KEY_TYPE is not CKK_EC")

    def c_keygen_aes(self):
        self.need("CKM_AES_KEY_GEN")
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES), (CKA_TOKEN, True), (CKA_LABEL, "py-aes"),
             (CKA_ID, b"\x33"), (CKA_VALUE_LEN, 32), (CKA_SENSITIVE, True), (CKA_EXTRACTABLE, False),
             (CKA_ENCRYPT, True), (CKA_DECRYPT, True), (CKA_WRAP, True), (CKA_UNWRAP, True)]
        k = self.session.generateKey(t, PyKCS11.MechanismAESGENERATEKEY)
        self.keys["aes"] = k
        expect(self.session.getAttributeValue(k, [CKA_VALUE_LEN])[0] == 32, "CKA_VALUE_LEN is not 32")
        expect(self.attr_bool(k, CKA_SENSITIVE), "AES key not CKA_SENSITIVE")
        # A second generated key differs (same plaintext, different ciphertext).
        k2 = self.session.generateKey(t[:2] + [(CKA_TOKEN, False), (CKA_VALUE_LEN, 32), (CKA_ENCRYPT, True)],
                                      PyKCS11.MechanismAESGENERATEKEY)
        iv = bytes(16)
        m = PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC, iv)
        block = bytes(16)
        c1 = bytes(self.session.encrypt(k, block, m))
        c2 = bytes(self.session.encrypt(k2, block, m))
        expect(c1 != c2, "two generated AES keys encrypt identically")
        self.session.destroyObject(k2)

    # ------------------------------------------------------------ checks: attributes

    def c_sensitive(self):
        aes, rsa_priv = self.key("aes"), self.key("rsa")
        rv, lens = self.raw_get(aes, [CKA_VALUE])
        print("  CKA_VALUE of a sensitive AES key: %s, ulValueLen %d" % (rv_name(rv), lens[0]))
        expect(rv_name(rv) == "CKR_ATTRIBUTE_SENSITIVE", "C_GetAttributeValue(CKA_VALUE) of a sensitive key returned %s" % rv_name(rv))
        expect(lens[0] in UNAVAILABLE, "ulValueLen of the refused attribute is %d, not CK_UNAVAILABLE_INFORMATION" % lens[0])
        rv, lens = self.raw_get(rsa_priv, [CKA_PRIVATE_EXPONENT])
        print("  CKA_PRIVATE_EXPONENT of a sensitive RSA key: %s" % rv_name(rv))
        expect(rv_name(rv) == "CKR_ATTRIBUTE_SENSITIVE", "C_GetAttributeValue(CKA_PRIVATE_EXPONENT) returned %s" % rv_name(rv))
        # Mixed template: the other attributes are still answered.
        rv, lens = self.raw_get(aes, [CKA_LABEL, CKA_VALUE, CKA_VALUE_LEN])
        print("  [CKA_LABEL, CKA_VALUE, CKA_VALUE_LEN]: %s, lengths %s" % (rv_name(rv), lens))
        expect(rv_name(rv) == "CKR_ATTRIBUTE_SENSITIVE", "mixed template returned %s" % rv_name(rv))
        expect(lens[0] == len("py-aes"), "CKA_LABEL length not filled in next to a sensitive attribute (%d)" % lens[0])
        expect(lens[2] > 0 and lens[2] not in UNAVAILABLE, "CKA_VALUE_LEN length not filled in")
        # Cannot be made non-sensitive again.
        expect_rv(lambda: self.session.setAttributeValue(aes, [(CKA_SENSITIVE, False)]),
                  ("CKR_ATTRIBUTE_READ_ONLY", "CKR_ACTION_PROHIBITED", "CKR_ATTRIBUTE_VALUE_INVALID"),
                  "C_SetAttributeValue(CKA_SENSITIVE=FALSE) on a sensitive key")

    def c_attribute_type_invalid(self):
        aes = self.key("aes")
        rv, lens = self.raw_get(aes, [CKA_MODULUS])
        print("  CKA_MODULUS of an AES key: %s, ulValueLen %d" % (rv_name(rv), lens[0]))
        expect(rv_name(rv) == "CKR_ATTRIBUTE_TYPE_INVALID", "returned %s, expected CKR_ATTRIBUTE_TYPE_INVALID" % rv_name(rv))
        expect(lens[0] in UNAVAILABLE, "ulValueLen is %d, not CK_UNAVAILABLE_INFORMATION" % lens[0])

    def c_find(self):
        r = self.find([(CKA_LABEL, "py-rsa")])
        print("  label py-rsa: %d objects" % len(r))
        expect(len(r) == 2, "find by label py-rsa gave %d objects, expected 2 (public + private)" % len(r))
        r = self.find([(CKA_LABEL, "py-rsa"), (CKA_CLASS, CKO_PRIVATE_KEY)])
        expect(len(r) == 1 and r[0].value() == self.key("rsa").value(), "find by label+class did not give the private key")
        r = self.find([(CKA_LABEL, "no such label")])
        expect(len(r) == 0, "find by an unknown label gave %d objects" % len(r))
        r = self.find([(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES), (CKA_ID, b"\x33")])
        expect(len(r) == 1, "find AES key by class+type+id gave %d objects" % len(r))
        # More than the 10 handles PyKCS11 fetches per C_FindObjects call.
        made = [self.session.createObject([(CKA_CLASS, CKO_DATA), (CKA_TOKEN, False), (CKA_LABEL, "py-many"),
                                           (CKA_VALUE, b"%d" % i)]) for i in range(25)]
        r = self.find([(CKA_LABEL, "py-many")])
        expect(len(r) == 25, "25 data objects created, found %d" % len(r))
        expect(len({h.value() for h in r}) == 25, "duplicate handles returned by C_FindObjects")
        for h in made:
            self.session.destroyObject(h)
        expect(len(self.find([(CKA_LABEL, "py-many")])) == 0, "destroyed objects still found")

    def c_set_attribute(self):
        pub = self.key("ec-pub")
        self.session.setAttributeValue(pub, [(CKA_LABEL, "py-ec-renamed")])
        expect(len(self.find([(CKA_LABEL, "py-ec-renamed")])) == 1, "renamed object not found by its new label")
        self.session.setAttributeValue(pub, [(CKA_LABEL, "py-ec")])
        expect(len(self.find([(CKA_LABEL, "py-ec")])) == 2, "label not restored")

    def c_session_objects(self):
        s2 = self.lib.openSession(self.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
        h = s2.createObject([(CKA_CLASS, CKO_DATA), (CKA_TOKEN, False), (CKA_LABEL, "py-session-obj"), (CKA_VALUE, b"x")])
        expect(len(self.find([(CKA_LABEL, "py-session-obj")])) == 1, "session object not visible from another session of the application")
        s2.closeSession()
        expect(len(self.find([(CKA_LABEL, "py-session-obj")])) == 0, "session object survives C_CloseSession of its session")
        del h

    # ------------------------------------------------------------ checks: signatures

    def sign_verify(self, keyname, mech, data, verify_ref):
        priv, pub = self.key(keyname), self.key(keyname + "-pub")
        sig = bytes(self.session.sign(priv, data, mech))
        print("  signature %d bytes" % len(sig))
        expect(self.session.verify(pub, data, sig, mech), "the token rejects its own signature")
        bad = bytes([data[0] ^ 1]) + bytes(data[1:])
        expect_rv(lambda: self._verify_false(pub, bad, sig, mech), "CKR_SIGNATURE_INVALID", "C_Verify over altered data")
        if need_crypto():
            verify_ref(pub, sig)
        return sig

    def _verify_false(self, pub, data, sig, mech):
        # PyKCS11.verify() maps CKR_SIGNATURE_INVALID to False; turn it back into the code.
        if not self.session.verify(pub, data, sig, mech):
            raise PyKCS11Error(PyKCS11.CKR_SIGNATURE_INVALID)

    def c_sign_rsa_pkcs(self):
        self.need("CKM_RSA_PKCS")
        msg = os.urandom(1000)
        data = DIGESTINFO_SHA256 + hashlib.sha256(msg).digest()
        self.sign_verify("rsa", PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS), data,
                         lambda pub, sig: self.rsa_public(pub).verify(sig, msg, padding.PKCS1v15(), hashes.SHA256()))

    def c_sign_sha256_rsa_pkcs(self):
        self.need("CKM_SHA256_RSA_PKCS")
        msg = os.urandom(3000)
        m = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)
        sig = self.sign_verify("rsa", m, msg,
                               lambda pub, sig: self.rsa_public(pub).verify(sig, msg, padding.PKCS1v15(), hashes.SHA256()))
        # Multi-part (C_SignUpdate/C_SignFinal) gives the same deterministic signature.
        lib = self.lib.lib
        parts = [msg[:1], msg[1:1500], msg[1500:]]
        sig2 = self.multipart(lib.C_SignInit, lib.C_SignUpdate, lib.C_SignFinal, self.key("rsa"), m, parts)
        expect(sig2 == sig, "multi-part SHA256-RSA-PKCS signature differs from the single-part one")

    def c_sign_rsa_pss(self):
        self.need("CKM_RSA_PKCS_PSS")
        msg = os.urandom(500)
        h = hashlib.sha256(msg).digest()
        m = PyKCS11.RSA_PSS_Mechanism(PyKCS11.CKM_RSA_PKCS_PSS, PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256, 32)
        self.sign_verify("rsa", m, h, lambda pub, sig: self.rsa_public(pub).verify(
            sig, h, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), utils.Prehashed(hashes.SHA256())))

    def c_sign_sha256_rsa_pss(self):
        self.need("CKM_SHA256_RSA_PKCS_PSS")
        msg = os.urandom(2000)
        m = PyKCS11.RSA_PSS_Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS_PSS, PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256, 32)
        self.sign_verify("rsa", m, msg, lambda pub, sig: self.rsa_public(pub).verify(
            sig, msg, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()))

    def ecdsa_ref(self, msg, prehashed):
        def verify(pub, sig):
            expect(len(sig) == 64, "ECDSA P-256 signature is %d bytes, not 64 (r||s)" % len(sig))
            der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
            alg = ec.ECDSA(utils.Prehashed(hashes.SHA256())) if prehashed else ec.ECDSA(hashes.SHA256())
            self.ec_public(pub).verify(der, msg, alg)
        return verify

    def c_sign_ecdsa(self):
        self.need("CKM_ECDSA")
        h = hashlib.sha256(os.urandom(100)).digest()
        self.sign_verify("ec", PyKCS11.Mechanism(PyKCS11.CKM_ECDSA), h, self.ecdsa_ref(h, True))

    def c_sign_ecdsa_sha256(self):
        self.need("CKM_ECDSA_SHA256")
        msg = os.urandom(3000)
        self.sign_verify("ec", PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256), msg, self.ecdsa_ref(msg, False))

    def c_key_type_inconsistent(self):
        self.need("CKM_SHA256_RSA_PKCS")
        m = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)
        rv = self.lib.lib.C_SignInit(self.session.session, m.to_native(), self.key("ec"))
        print("  C_SignInit(CKM_SHA256_RSA_PKCS, EC key) -> %s" % rv_name(rv))
        if rv == CKR_OK:
            out = PyKCS11.ckbytelist()
            rv2 = self.lib.lib.C_Sign(self.session.session, PyKCS11.ckbytelist(b"data"), out)
            print("  then C_Sign (length query) -> %s, length %d" % (rv_name(rv2), len(out)))
            # Give the session a clean state for what follows.
            self.session.closeSession()
            self.session = self.lib.openSession(self.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
        expect(rv_name(rv) in ("CKR_KEY_TYPE_INCONSISTENT", "CKR_KEY_FUNCTION_NOT_PERMITTED"),
               "C_SignInit(CKM_SHA256_RSA_PKCS) with an EC key returned %s, expected CKR_KEY_TYPE_INCONSISTENT" % rv_name(rv))
        # The failed attempt must leave the session usable.
        sig = self.session.sign(self.key("rsa"), b"data", m)
        expect(len(sig) == 256, "signing after the refused operation failed")

    # ------------------------------------------------------------ checks: encryption

    def oaep(self, hash_mech, mgf, hash_cls, label):
        self.need("CKM_RSA_PKCS_OAEP")
        m = PyKCS11.RSAOAEPMechanism(hash_mech, mgf, label)
        secret = os.urandom(48)
        ct = bytes(self.session.encrypt(self.key("rsa-pub"), secret, m))
        expect(len(ct) == 256, "OAEP ciphertext is %d bytes" % len(ct))
        pt = bytes(self.session.decrypt(self.key("rsa"), ct, m))
        expect(pt == secret, "OAEP decrypt(encrypt(x)) != x")
        if need_crypto():
            ref = self.rsa_public(self.key("rsa-pub")).encrypt(
                secret, padding.OAEP(mgf=padding.MGF1(hash_cls()), algorithm=hash_cls(), label=label))
            pt = bytes(self.session.decrypt(self.key("rsa"), ref, m))
            expect(pt == secret, "the token does not decrypt OAEP made by `cryptography`")

    def c_oaep_sha1(self):
        self.oaep(PyKCS11.CKM_SHA_1, PyKCS11.CKG_MGF1_SHA1, hashes.SHA1 if HAVE_CRYPTO else None, None)

    def c_oaep_sha256(self):
        self.oaep(PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256, hashes.SHA256 if HAVE_CRYPTO else None, None)

    def c_oaep_label(self):
        self.oaep(PyKCS11.CKM_SHA_1, PyKCS11.CKG_MGF1_SHA1, hashes.SHA1 if HAVE_CRYPTO else None, b"p11forge label")

    def c_rsa_pkcs_encrypt(self):
        self.need("CKM_RSA_PKCS")
        m = PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS)
        secret = os.urandom(100)
        ct = bytes(self.session.encrypt(self.key("rsa-pub"), secret, m))
        expect(bytes(self.session.decrypt(self.key("rsa"), ct, m)) == secret, "RSA-PKCS decrypt(encrypt(x)) != x")
        if need_crypto():
            ref = self.rsa_public(self.key("rsa-pub")).encrypt(secret, padding.PKCS1v15())
            expect(bytes(self.session.decrypt(self.key("rsa"), ref, m)) == secret, "the token does not decrypt PKCS#1 v1.5 made by `cryptography`")

    def c_aes_cbc_pad(self):
        self.need("CKM_AES_CBC_PAD")
        iv = os.urandom(16)
        m = PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC_PAD, iv)
        # (Empty input cannot be tested: PyKCS11 itself refuses an empty buffer
        # with CKR_ARGUMENTS_BAD before calling the module.)
        for size in (1, 15, 16, 17, 1000):
            pt = os.urandom(size)
            ct = bytes(self.session.encrypt(self.key("aes"), pt, m))
            expect(len(ct) == (size // 16 + 1) * 16, "AES-CBC-PAD of %d bytes gave %d bytes" % (size, len(ct)))
            expect(bytes(self.session.decrypt(self.key("aes"), ct, m)) == pt, "AES-CBC-PAD round trip of %d bytes" % size)
        if need_crypto():
            value = os.urandom(32)
            k = self.import_aes(value, "py-aes-known")
            pt = os.urandom(100)
            ct = bytes(self.session.encrypt(k, pt, m))
            p = sympad.PKCS7(128).padder()
            enc = Cipher(algorithms.AES(value), modes.CBC(iv)).encryptor()
            ref = enc.update(p.update(pt) + p.finalize()) + enc.finalize()
            expect(ct == ref, "AES-CBC-PAD ciphertext differs from `cryptography`")
            whole = bytes(self.session.decrypt(k, ref, m))
            expect(whole == pt, "AES-CBC-PAD decryption of `cryptography`'s ciphertext")
            # Multi-part decryption in odd chunks (the last block stays
            # buffered until C_DecryptFinal removes the padding).
            parts = self.decrypt_multipart(k, m, [ref[:5], ref[5:40], ref[40:]])
            expect(parts == pt, "multi-part AES-CBC-PAD decryption differs from the plaintext")
            self.session.destroyObject(k)

    def c_aes_gcm(self):
        self.need("CKM_AES_GCM")
        value = os.urandom(32)
        k = self.import_aes(value, "py-aes-gcm")
        iv, aad, pt = os.urandom(12), b"header", os.urandom(333)
        m = PyKCS11.AES_GCM_Mechanism(iv, aad, 128)
        ct = bytes(self.session.encrypt(k, pt, m))
        expect(len(ct) == len(pt) + 16, "GCM output is %d bytes, expected %d (+16 tag)" % (len(ct), len(pt) + 16))
        if need_crypto():
            ref = AESGCM(value).encrypt(iv, pt, aad)
            expect(ct == ref, "AES-GCM ciphertext||tag differs from `cryptography`")
        expect(bytes(self.session.decrypt(k, ct, m)) == pt, "AES-GCM round trip")
        if need_crypto():
            ref = AESGCM(value).encrypt(iv, pt[:100], aad)
            expect(bytes(self.session.decrypt(k, ref, m)) == pt[:100], "the token does not decrypt `cryptography`'s AES-GCM")
        self.session.destroyObject(k)

    def c_aes_gcm_bad_tag(self):
        self.need("CKM_AES_GCM")
        k = self.import_aes(os.urandom(32), "py-aes-gcm")
        m = PyKCS11.AES_GCM_Mechanism(os.urandom(12), b"header", 128)
        ct = bytes(self.session.encrypt(k, b"attack at dawn", m))
        bad = ct[:-1] + bytes([ct[-1] ^ 1])
        expect_rv(lambda: self.session.decrypt(k, bad, m),
                  ("CKR_ENCRYPTED_DATA_INVALID", "CKR_AEAD_DECRYPT_FAILED"), "AES-GCM decrypt with a corrupted tag")
        self.session.destroyObject(k)

    # ------------------------------------------------------------ checks: wrapping

    def c_wrap_aes_kw(self):
        self.need("CKM_AES_KEY_WRAP")
        kek_v, tgt_v = os.urandom(32), os.urandom(16)
        kek = self.import_aes(kek_v, "py-kek")
        tgt = self.import_aes(tgt_v, "py-target")
        m = PyKCS11.Mechanism(PyKCS11.CKM_AES_KEY_WRAP)
        wrapped = bytes(self.session.wrapKey(kek, tgt, m))
        expect(len(wrapped) == 24, "RFC 3394 wrap of 16 bytes is %d bytes, not 24" % len(wrapped))
        if need_crypto():
            expect(wrapped == keywrap.aes_key_wrap(kek_v, tgt_v), "CKM_AES_KEY_WRAP differs from RFC 3394 (`cryptography`)")
        new = self.session.unwrapKey(kek, wrapped, self.aes_template("py-unwrapped"), m)
        expect(bytes(self.attr(new, CKA_VALUE)) == tgt_v, "unwrapped key value differs from the wrapped key")
        self.same_aes_key(new, tgt_v)
        for h in (kek, tgt, new):
            self.session.destroyObject(h)

    def c_unwrap_corrupted(self):
        self.need("CKM_AES_KEY_WRAP")
        kek_v, tgt_v = os.urandom(32), os.urandom(16)
        kek = self.import_aes(kek_v, "py-kek")
        tgt = self.import_aes(tgt_v, "py-target")
        m = PyKCS11.Mechanism(PyKCS11.CKM_AES_KEY_WRAP)
        wrapped = bytes(self.session.wrapKey(kek, tgt, m))
        bad = bytes([wrapped[0] ^ 1]) + wrapped[1:]
        expect_rv(lambda: self.session.unwrapKey(kek, bad, self.aes_template("py-bad"), m),
                  ("CKR_WRAPPED_KEY_INVALID", "CKR_ENCRYPTED_DATA_INVALID"), "C_UnwrapKey of corrupted RFC 3394 data")
        expect_rv(lambda: self.session.unwrapKey(kek, wrapped[:-8], self.aes_template("py-bad"), m),
                  ("CKR_WRAPPED_KEY_INVALID", "CKR_WRAPPED_KEY_LEN_RANGE", "CKR_ENCRYPTED_DATA_INVALID",
                   "CKR_ENCRYPTED_DATA_LEN_RANGE"), "C_UnwrapKey of truncated RFC 3394 data")
        expect(len(self.find([(CKA_LABEL, "py-bad")])) == 0, "a failed C_UnwrapKey left an object behind")
        for h in (kek, tgt):
            self.session.destroyObject(h)

    def c_wrap_aes_kwp(self):
        self.need("CKM_AES_KEY_WRAP_PAD")
        kek_v, tgt_v = os.urandom(32), os.urandom(24)
        kek = self.import_aes(kek_v, "py-kek")
        tgt = self.import_aes(tgt_v, "py-target")
        m = PyKCS11.Mechanism(PyKCS11.CKM_AES_KEY_WRAP_PAD)
        wrapped = bytes(self.session.wrapKey(kek, tgt, m))
        if need_crypto():
            expect(wrapped == keywrap.aes_key_wrap_with_padding(kek_v, tgt_v),
                   "CKM_AES_KEY_WRAP_PAD differs from RFC 5649 (`cryptography`)")
        new = self.session.unwrapKey(kek, wrapped, self.aes_template("py-unwrapped"), m)
        expect(bytes(self.attr(new, CKA_VALUE)) == tgt_v, "unwrapped key value differs")
        for h in (kek, tgt, new):
            self.session.destroyObject(h)

    def wrap_oaep(self, hash_mech, mgf):
        self.need("CKM_RSA_PKCS_OAEP")
        tgt_v = os.urandom(32)
        tgt = self.import_aes(tgt_v, "py-target")
        m = PyKCS11.RSAOAEPMechanism(hash_mech, mgf)
        wrapped = bytes(self.session.wrapKey(self.key("rsa-pub"), tgt, m))
        expect(len(wrapped) == 256, "RSA-OAEP wrapped key is %d bytes" % len(wrapped))
        new = self.session.unwrapKey(self.key("rsa"), wrapped, self.aes_template("py-unwrapped"), m)
        expect(bytes(self.attr(new, CKA_VALUE)) == tgt_v, "RSA-OAEP unwrapped key value differs")
        self.same_aes_key(new, tgt_v)
        for h in (tgt, new):
            self.session.destroyObject(h)

    def c_wrap_oaep_sha1(self):
        self.wrap_oaep(PyKCS11.CKM_SHA_1, PyKCS11.CKG_MGF1_SHA1)

    def c_wrap_oaep_sha256(self):
        self.wrap_oaep(PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256)

    def c_wrap_unextractable(self):
        self.need("CKM_AES_KEY_WRAP")
        kek = self.import_aes(os.urandom(32), "py-kek")
        expect_rv(lambda: self.session.wrapKey(kek, self.key("aes"), PyKCS11.Mechanism(PyKCS11.CKM_AES_KEY_WRAP)),
                  "CKR_KEY_UNEXTRACTABLE", "C_WrapKey of a CKA_EXTRACTABLE=FALSE key")
        self.session.destroyObject(kek)

    # ------------------------------------------------------------ checks: digest, random

    def c_digest(self):
        self.need("CKM_SHA256")
        done = []
        for name, mech, fn in (("CKM_SHA_1", PyKCS11.CKM_SHA_1, hashlib.sha1), ("CKM_SHA256", PyKCS11.CKM_SHA256, hashlib.sha256),
                               ("CKM_SHA384", PyKCS11.CKM_SHA384, hashlib.sha384), ("CKM_SHA512", PyKCS11.CKM_SHA512, hashlib.sha512)):
            if name not in self.mechs:
                print("  %s not listed" % name)
                continue
            for size in (1, 64, 1000, 100000):
                data = os.urandom(size)
                got = bytes(self.session.digest(data, PyKCS11.Mechanism(mech)))
                expect(got == fn(data).digest(), "%s of %d bytes differs from hashlib" % (name, size))
            data = os.urandom(5000)
            ds = self.session.digestSession(PyKCS11.Mechanism(mech))
            for i in range(0, 5000, 777):
                ds.update(data[i:i + 777])
            expect(bytes(ds.final()) == fn(data).digest(), "multi-part %s differs from hashlib" % name)
            done.append(name)
        print("  checked: %s" % " ".join(done))

    def c_random(self):
        a = bytes(self.session.generateRandom(32))
        b = bytes(self.session.generateRandom(32))
        expect(len(a) == 32 and len(b) == 32, "C_GenerateRandom lengths %d, %d" % (len(a), len(b)))
        expect(a != b, "two C_GenerateRandom calls gave the same bytes")
        big = bytes(self.session.generateRandom(4096))
        expect(len(set(big)) > 200, "4096 random bytes use only %d distinct values" % len(set(big)))
        try:
            self.session.seedRandom(b"some seed")
            print("  C_SeedRandom accepted")
        except PyKCS11Error as e:
            expect(rv_name(e.value) in ("CKR_RANDOM_SEED_NOT_SUPPORTED", "CKR_RANDOM_NO_RNG"), "C_SeedRandom returned %s" % e)
            print("  C_SeedRandom: %s" % e)

    # ------------------------------------------------------------ checks: errors

    def c_wrong_pin(self):
        self.session.logout()
        expect_rv(lambda: self.session.login("000000"), "CKR_PIN_INCORRECT", "C_Login with a wrong PIN")
        expect(len(self.find([(CKA_CLASS, CKO_PRIVATE_KEY)])) == 0, "private objects visible after a failed login")
        self.session.login(self.args.pin)
        expect(len(self.find([(CKA_CLASS, CKO_PRIVATE_KEY)])) >= 1, "private objects not visible after login")
        expect_rv(lambda: self.session.login(self.args.pin), "CKR_USER_ALREADY_LOGGED_IN", "a second C_Login")

    def c_bad_handles(self):
        bogus = self.handle(BAD_HANDLE)
        expect_rv(lambda: self.session.getAttributeValue(bogus, [CKA_LABEL]), "CKR_OBJECT_HANDLE_INVALID",
                  "C_GetAttributeValue(bad object handle)")
        expect_rv(lambda: self.session.destroyObject(bogus), "CKR_OBJECT_HANDLE_INVALID", "C_DestroyObject(bad handle)")
        bad_session = LL.CK_SESSION_HANDLE()
        bad_session.assign(0x7FFFFF13)
        rv = self.lib.lib.C_CloseSession(bad_session)
        print("  C_CloseSession(bad session handle) -> %s" % rv_name(rv))
        expect(rv_name(rv) == "CKR_SESSION_HANDLE_INVALID", "C_CloseSession(bad handle) returned %s" % rv_name(rv))

    def c_bad_key_handles(self):
        bogus = self.handle(BAD_HANDLE)
        cases = []
        if "CKM_SHA256_RSA_PKCS" in self.mechs:
            cases.append(("C_SignInit(bad key handle)", "CKR_KEY_HANDLE_INVALID",
                          lambda: self.session.sign(bogus, b"x", PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS))))
        if "CKM_AES_CBC_PAD" in self.mechs:
            cases.append(("C_EncryptInit(bad key handle)", "CKR_KEY_HANDLE_INVALID",
                          lambda: self.session.encrypt(bogus, b"x", PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC_PAD, bytes(16)))))
        if "CKM_AES_KEY_WRAP" in self.mechs:
            cases.append(("C_WrapKey(bad wrapping key handle)", "CKR_WRAPPING_KEY_HANDLE_INVALID",
                          lambda: self.session.wrapKey(bogus, self.key("aes"), PyKCS11.Mechanism(PyKCS11.CKM_AES_KEY_WRAP))))
        if not cases:
            raise Skip("none of CKM_SHA256_RSA_PKCS, CKM_AES_CBC_PAD, CKM_AES_KEY_WRAP listed")
        wrong = []
        for what, wanted, fn in cases:
            try:
                expect_rv(fn, wanted, what)
            except Fail as e:
                wrong.append(str(e))
        expect(not wrong, "; ".join(wrong))

    def c_operation_state(self):
        sig = PyKCS11.ckbytelist()
        rv = self.lib.lib.C_Sign(self.session.session, PyKCS11.ckbytelist(b"x"), sig)
        print("  C_Sign without C_SignInit -> %s" % rv_name(rv))
        expect(rv_name(rv) == "CKR_OPERATION_NOT_INITIALIZED", "C_Sign without C_SignInit returned %s" % rv_name(rv))
        if "CKM_SHA256" in self.mechs:
            rv = self.lib.lib.C_DigestInit(self.session.session, PyKCS11.Mechanism(PyKCS11.CKM_SHA256).to_native())
            expect(rv == CKR_OK, "C_DigestInit returned %s" % rv_name(rv))
            rv = self.lib.lib.C_DigestInit(self.session.session, PyKCS11.Mechanism(PyKCS11.CKM_SHA256).to_native())
            print("  second C_DigestInit -> %s" % rv_name(rv))
            expect(rv_name(rv) == "CKR_OPERATION_ACTIVE", "a second C_DigestInit returned %s" % rv_name(rv))
            out = PyKCS11.ckbytelist()
            self.lib.lib.C_Digest(self.session.session, PyKCS11.ckbytelist(b"x"), out)
            rv = self.lib.lib.C_Digest(self.session.session, PyKCS11.ckbytelist(b"x"), out)
            expect(rv == CKR_OK, "finishing the digest returned %s" % rv_name(rv))

    def c_destroy(self):
        h = self.session.createObject([(CKA_CLASS, CKO_DATA), (CKA_TOKEN, True), (CKA_LABEL, "py-destroy"), (CKA_VALUE, b"gone")])
        expect(len(self.find([(CKA_LABEL, "py-destroy")])) == 1, "token data object not found")
        self.session.destroyObject(h)
        expect(len(self.find([(CKA_LABEL, "py-destroy")])) == 0, "destroyed object still found")
        expect_rv(lambda: self.session.getAttributeValue(h, [CKA_LABEL]), "CKR_OBJECT_HANDLE_INVALID", "using a destroyed handle")

    # ------------------------------------------------------------ phase 2: persistence

    def c_persist(self):
        self.session.login(self.args.pin)
        for label, n in (("py-rsa", 2), ("py-ec", 2), ("py-aes", 1)):
            found = self.find([(CKA_LABEL, label)])
            print("  %s: %d objects" % (label, len(found)))
            expect(len(found) == n, "%s: %d objects after reloading the module, expected %d" % (label, len(found), n))
        priv = self.find([(CKA_LABEL, "py-rsa"), (CKA_CLASS, CKO_PRIVATE_KEY)])[0]
        pub = self.find([(CKA_LABEL, "py-rsa"), (CKA_CLASS, CKO_PUBLIC_KEY)])[0]
        m = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)
        sig = self.session.sign(priv, b"persisted", m)
        expect(self.session.verify(pub, b"persisted", sig, m), "the persisted RSA key pair does not sign/verify")
        expect(self.attr_bool(priv, CKA_SENSITIVE), "the persisted private key lost CKA_SENSITIVE")
        expect(len(self.find([(CKA_LABEL, "py-session-obj")])) == 0, "a session object was persisted")
        expect(len(self.find([(CKA_LABEL, "py-destroy")])) == 0, "a destroyed token object came back")

    # ------------------------------------------------------------ plan

    def phase1(self):
        C = self
        C.run("session", "C_OpenSession R/W + C_Login: state CKS_RW_USER_FUNCTIONS", C.c_session)
        C.run("mechanism-info", "C_GetMechanismInfo flags of the listed mechanisms; unknown -> CKR_MECHANISM_INVALID", C.c_mechanism_info)
        C.run("keygen-rsa", "C_GenerateKeyPair RSA-2048 e=65537: attributes (bits, sensitive, local, ...)", C.c_keygen_rsa)
        C.run("keygen-ec", "C_GenerateKeyPair EC P-256: CKA_EC_PARAMS, CKA_EC_POINT as DER OCTET STRING", C.c_keygen_ec)
        C.run("keygen-aes", "C_GenerateKey AES-256: CKA_VALUE_LEN, sensitive, distinct keys", C.c_keygen_aes)
        C.run("sensitive", "CKA_VALUE / CKA_PRIVATE_EXPONENT of sensitive keys -> CKR_ATTRIBUTE_SENSITIVE, length unavailable", C.c_sensitive)
        C.run("attribute-type-invalid", "CKA_MODULUS of an AES key -> CKR_ATTRIBUTE_TYPE_INVALID", C.c_attribute_type_invalid)
        C.run("find", "C_FindObjects by label, class, id; 25 objects over several calls", C.c_find)
        C.run("set-attribute", "C_SetAttributeValue(CKA_LABEL) then find by the new label", C.c_set_attribute)
        C.run("session-objects", "session objects: visible to the application, gone with their session", C.c_session_objects)
        C.run("sign-rsa-pkcs", "CKM_RSA_PKCS on a DigestInfo: token verify, altered data rejected, `cryptography` verify", C.c_sign_rsa_pkcs)
        C.run("sign-sha256-rsa-pkcs", "CKM_SHA256_RSA_PKCS single- and multi-part, verified", C.c_sign_sha256_rsa_pkcs)
        C.run("sign-rsa-pss", "CKM_RSA_PKCS_PSS (SHA-256, salt 32) on a hash, verified", C.c_sign_rsa_pss)
        C.run("sign-sha256-rsa-pss", "CKM_SHA256_RSA_PKCS_PSS (salt 32), verified", C.c_sign_sha256_rsa_pss)
        C.run("sign-ecdsa", "CKM_ECDSA P-256 on a hash: 64-byte r||s, verified", C.c_sign_ecdsa)
        C.run("sign-ecdsa-sha256", "CKM_ECDSA_SHA256, verified", C.c_sign_ecdsa_sha256)
        C.run("key-type-inconsistent", "C_SignInit(CKM_SHA256_RSA_PKCS, EC key) -> CKR_KEY_TYPE_INCONSISTENT", C.c_key_type_inconsistent)
        C.run("encrypt-rsa-pkcs", "CKM_RSA_PKCS encrypt/decrypt, and `cryptography`'s ciphertext", C.c_rsa_pkcs_encrypt)
        C.run("encrypt-rsa-oaep-sha1", "CKM_RSA_PKCS_OAEP SHA-1/MGF1-SHA1 both ways", C.c_oaep_sha1)
        C.run("encrypt-rsa-oaep-sha256", "CKM_RSA_PKCS_OAEP SHA-256/MGF1-SHA256 both ways", C.c_oaep_sha256)
        C.run("encrypt-rsa-oaep-label", "CKM_RSA_PKCS_OAEP SHA-1 with a label (pSourceData)", C.c_oaep_label)
        C.run("encrypt-aes-cbc-pad", "CKM_AES_CBC_PAD sizes 1..1000, equal to `cryptography`, multi-part decrypt", C.c_aes_cbc_pad)
        C.run("encrypt-aes-gcm", "CKM_AES_GCM equal to `cryptography` (ct||tag) both ways", C.c_aes_gcm)
        C.run("encrypt-aes-gcm-bad-tag", "CKM_AES_GCM decryption with a corrupted tag -> CKR_ENCRYPTED_DATA_INVALID / CKR_AEAD_DECRYPT_FAILED", C.c_aes_gcm_bad_tag)
        C.run("wrap-aes-kw", "CKM_AES_KEY_WRAP equal to RFC 3394, unwrap, corrupted data refused", C.c_wrap_aes_kw)
        C.run("unwrap-corrupted", "C_UnwrapKey of corrupted / truncated RFC 3394 data -> CKR_WRAPPED_KEY_INVALID (or _LEN_RANGE)", C.c_unwrap_corrupted)
        C.run("wrap-aes-kwp", "CKM_AES_KEY_WRAP_PAD (24-byte key) equal to RFC 5649, unwrap", C.c_wrap_aes_kwp)
        C.run("wrap-rsa-oaep-sha1", "wrap/unwrap an AES key with RSA-OAEP SHA-1", C.c_wrap_oaep_sha1)
        C.run("wrap-rsa-oaep-sha256", "wrap/unwrap an AES key with RSA-OAEP SHA-256", C.c_wrap_oaep_sha256)
        C.run("wrap-unextractable", "C_WrapKey of a non-extractable key -> CKR_KEY_UNEXTRACTABLE", C.c_wrap_unextractable)
        C.run("digest", "C_Digest SHA-1/256/384/512 (as listed) single- and multi-part equal hashlib", C.c_digest)
        C.run("random", "C_GenerateRandom distinct, spread; C_SeedRandom OK or not supported", C.c_random)
        C.run("wrong-pin", "wrong PIN -> CKR_PIN_INCORRECT; second login -> CKR_USER_ALREADY_LOGGED_IN", C.c_wrong_pin)
        C.run("bad-object-handle", "bad object / session handles -> CKR_OBJECT_HANDLE_INVALID / CKR_SESSION_HANDLE_INVALID", C.c_bad_handles)
        C.run("bad-key-handle", "bad key handles -> CKR_KEY_HANDLE_INVALID (Sign/EncryptInit), CKR_WRAPPING_KEY_HANDLE_INVALID", C.c_bad_key_handles)
        C.run("operation-state", "C_Sign without init -> CKR_OPERATION_NOT_INITIALIZED; double init -> CKR_OPERATION_ACTIVE", C.c_operation_state)
        C.run("destroy", "C_DestroyObject of a token object; its handle becomes invalid", C.c_destroy)

    def phase2(self):
        self.run("persistence", "new process: token objects of phase 1 are back and work; session/destroyed ones are not", self.c_persist)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--module", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--pin", required=True)
    ap.add_argument("--phase", type=int, default=1)
    args = ap.parse_args()
    if not HAVE_CRYPTO:
        print("note: python3-cryptography not importable: signatures and ciphertexts are checked by the token only")
    c = Checker(args)
    c.phase1() if args.phase == 1 else c.phase2()
    s = c.lib.openSession(c.slot, CKF_SERIAL_SESSION)
    try:
        s.logout()
    except PyKCS11Error:
        pass
    s.closeSession()
    return 0


if __name__ == "__main__":
    sys.exit(main())
