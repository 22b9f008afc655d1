"""OpenPGP card data of the virtual card: constants, algorithm attributes, keys, provisioning
and saved state.

Values follow the OpenPGP Smart Card Application specification v3.4 (g10 Code).
"""

import functools
import hashlib
import os

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa, x25519

from ber_tlv import tlv
from openpgp_packets import OID_CV25519, OID_ED25519, OID_P256, fingerprint
from saved_state import SavedState, read_fixture

RID_APP = bytes.fromhex("D27600012401")   # RID D2 76 00 01 24, application 01 (OpenPGP)
VERSION = b"\x03\x04"
MANUFACTURER = b"\xFF\xFF"                 # FFFF: test card (spec 4.2.1)

# Key slots: CRT tag, algorithm attributes DO, fingerprint, CA fingerprint and date DOs, and
# the key reference of the key information DO (DE).
SLOTS = ("sig", "dec", "aut")
CRT = {0xB6: "sig", 0xB8: "dec", 0xA4: "aut"}
ATTR_TAG = {"sig": 0xC1, "dec": 0xC2, "aut": 0xC3}
FPR_TAG = {"sig": 0xC7, "dec": 0xC8, "aut": 0xC9}
CA_FPR_TAGS = (0xCA, 0xCB, 0xCC)
DATE_TAG = {"sig": 0xCE, "dec": 0xCF, "aut": 0xD0}
KEY_REF = {"sig": 1, "dec": 2, "aut": 3}
# Key information (DE) status: 00 no key, 01 generated on the card, 02 imported.
ORIGIN_NONE, ORIGIN_GENERATED, ORIGIN_IMPORTED = 0, 1, 2
# Cardholder certificates: SELECT DATA occurrence 0 is the AUT key's, 1 DEC, 2 SIG (spec 7.2.5).
CERT_OCCURRENCES = 3

# Algorithm attributes (spec 4.4.3.9): RSA 01 | modulus bits | exponent bits | import format
# 00 (e, p, q); ECC algorithm id | curve OID.  One entry per algorithm the card supports.
ATTR_RSA2048 = bytes.fromhex("010800002000")
ATTR_ECDSA_P256 = b"\x13" + OID_P256
ATTR_ECDH_P256 = b"\x12" + OID_P256
ATTR_EDDSA_ED25519 = b"\x16" + OID_ED25519
ATTR_ECDH_X25519 = b"\x12" + OID_CV25519
SUPPORTED_ATTRS = {
    "sig": (ATTR_RSA2048, ATTR_ECDSA_P256, ATTR_EDDSA_ED25519),
    "dec": (ATTR_RSA2048, ATTR_ECDH_P256, ATTR_ECDH_X25519),
    "aut": (ATTR_RSA2048, ATTR_ECDSA_P256, ATTR_EDDSA_ED25519),
}

PW1, RC, PW3 = "pw1", "rc", "pw3"
MIN_LENGTH = {PW1: 6, RC: 8, PW3: 8}
MAX_LENGTH = 127
DEFAULT_PW1, DEFAULT_PW3 = b"123456", b"12345678"

# Simple data objects a host may write (PUT DATA) and read back (GET DATA), with the password
# each needs to write (spec 4.4.1): private use DOs 0101/0103 need PW1 (82), the rest PW3.
WRITABLE = {0x5B: PW3, 0x5E: PW3, 0x5F2D: PW3, 0x5F35: PW3, 0x5F50: PW3,
            0x0101: PW1, 0x0102: PW3, 0x0103: PW1, 0x0104: PW3,
            **{t: PW3 for t in (*FPR_TAG.values(), *CA_FPR_TAGS, *DATE_TAG.values())}}
MAX_SPECIAL_DO = 0x0800     # extended capabilities bytes 7-8: private DOs, login data, URL
MAX_CERT = 0x0800           # bytes 5-6: each cardholder certificate
MAX_CHALLENGE = 0x0080      # bytes 3-4: GET CHALLENGE
NAME_MAX = 39


def new_key(attr):
    """A fresh private key for algorithm attributes `attr` (one of SUPPORTED_ATTRS)."""
    if attr == ATTR_RSA2048:
        return rsa.generate_private_key(65537, 2048)
    if attr in (ATTR_ECDSA_P256, ATTR_ECDH_P256):
        return ec.generate_private_key(ec.SECP256R1())
    if attr == ATTR_EDDSA_ED25519:
        return ed25519.Ed25519PrivateKey.generate()
    if attr == ATTR_ECDH_X25519:
        return x25519.X25519PrivateKey.generate()
    raise ValueError("unsupported algorithm attributes")


def attr_of(key, slot):
    """The algorithm attributes a key needs in `slot`; ValueError if the card cannot hold it."""
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048:
        return ATTR_RSA2048
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return ATTR_ECDH_P256 if slot == "dec" else ATTR_ECDSA_P256
    if isinstance(key, ed25519.Ed25519PrivateKey) and slot != "dec":
        return ATTR_EDDSA_ED25519
    if isinstance(key, x25519.X25519PrivateKey) and slot == "dec":
        return ATTR_ECDH_X25519
    raise ValueError(f"a {type(key).__name__} cannot go into the {slot} slot")


def key_to_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def key_from_pem(text):
    return serialization.load_pem_private_key(text.encode() if isinstance(text, str) else text, None)


def public_key_do(key):
    """7F49: RSA 81 modulus, 82 exponent; ECC 86 point (04|x|y for NIST, the 32 raw bytes for
    Ed25519/X25519)."""
    if isinstance(key, rsa.RSAPrivateKey):
        nums = key.public_key().public_numbers()
        return tlv(0x7F49, tlv(0x81, nums.n.to_bytes(256, "big")) + tlv(0x82, nums.e.to_bytes(3, "big")))
    if isinstance(key, ec.EllipticCurvePrivateKey):
        point = key.public_key().public_bytes(serialization.Encoding.X962,
                                              serialization.PublicFormat.UncompressedPoint)
    else:
        point = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return tlv(0x7F49, tlv(0x86, point))


# ------------------------------------------------------------------------------- persistent state

class State(SavedState):
    """Everything that survives a power cycle; saved to JSON after every change if --state."""

    def __init__(self, tries=3):
        self.serial = b"\x00\x00\x00\x01"
        self.max_tries = tries
        self.secrets = {PW1: DEFAULT_PW1, RC: b"", PW3: DEFAULT_PW3}
        self.tries = {PW1: tries, RC: 0, PW3: tries}   # RC 0: no resetting code set
        self.pw1_multi = False       # C4 byte 1: 00 = PW1 (81) valid for one PSO:CDS only
        self.attrs = {"sig": ATTR_RSA2048, "dec": ATTR_RSA2048, "aut": ATTR_RSA2048}
        self.keys = {}               # slot -> private key
        self.origin = {s: ORIGIN_NONE for s in SLOTS}
        self.dos = {0x5B: b"", 0x5F2D: b"en", 0x5F35: b"9"}  # writable simple DOs by tag
        self.certs = [b""] * CERT_OCCURRENCES
        self.sig_counter = 0
        self.terminated = False

    def aid(self):
        return RID_APP + VERSION + MANUFACTURER + self.serial + b"\x00\x00"

    def set_key(self, slot, key, origin, created=None):
        self.attrs[slot] = attr_of(key, slot)
        self.keys[slot] = key
        self.origin[slot] = origin
        if created is None:
            # A new key invalidates what the host wrote about the old one; it writes the
            # fingerprint and date of the new key itself (spec 7.2.14).
            self.dos[FPR_TAG[slot]] = bytes(20)
            self.dos[DATE_TAG[slot]] = bytes(4)
        else:
            self.dos[FPR_TAG[slot]] = fingerprint(key, created, slot == "dec")
            self.dos[DATE_TAG[slot]] = created.to_bytes(4, "big")
        if slot == "sig":
            self.sig_counter = 0

    def drop_key(self, slot):
        self.keys.pop(slot, None)
        self.origin[slot] = ORIGIN_NONE
        self.dos[FPR_TAG[slot]] = bytes(20)
        self.dos[DATE_TAG[slot]] = bytes(4)

    @classmethod
    def provision(cls, directory, tries):
        """A card from a fixture directory (make_openpgp_fixture.py; None: an empty card)."""
        st = cls(tries)

        read = functools.partial(read_fixture, directory)

        for name, secret in ((PW1, "pw1"), (PW3, "pw3"), (RC, "rc")):
            if (value := read(secret)) is not None:
                st.secrets[name] = value.strip()
                st.tries[name] = tries
        st.pw1_multi = read("pw1-multi") is not None
        created = int((read("created") or b"0").strip())
        for slot in SLOTS:
            if (pem := read(f"{slot}.key")) is not None:
                st.set_key(slot, key_from_pem(pem), ORIGIN_IMPORTED, created)
        for i, slot in enumerate(("aut", "dec", "sig")):
            if (pem := read(f"{slot}.crt")) is not None:
                st.certs[i] = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
        if (name := read("name")) is not None:
            st.dos[0x5B] = name.strip()
        if (serial := read("serial")) is not None:
            st.serial = bytes.fromhex(serial.decode().strip())
        else:
            # Stable per fixture, distinct between fixtures: hosts tell cards apart by it.
            seed = st.dos[FPR_TAG["sig"]] if "sig" in st.keys else os.urandom(20)
            st.serial = hashlib.sha256(seed).digest()[:4]
        return st

    def to_json(self):
        return {
            "serial": self.serial.hex(), "max_tries": self.max_tries,
            "secrets": {k: v.hex() for k, v in self.secrets.items()}, "tries": self.tries,
            "pw1_multi": self.pw1_multi, "attrs": {k: v.hex() for k, v in self.attrs.items()},
            "keys": {slot: key_to_pem(k) for slot, k in self.keys.items()}, "origin": self.origin,
            "dos": {f"{tag:X}": v.hex() for tag, v in self.dos.items()},
            "certs": [c.hex() for c in self.certs], "sig_counter": self.sig_counter,
            "terminated": self.terminated,
        }

    @classmethod
    def from_json(cls, d):
        st = cls(d["max_tries"])
        st.serial = bytes.fromhex(d["serial"])
        st.secrets = {k: bytes.fromhex(v) for k, v in d["secrets"].items()}
        st.tries, st.pw1_multi, st.origin = d["tries"], d["pw1_multi"], d["origin"]
        st.attrs = {k: bytes.fromhex(v) for k, v in d["attrs"].items()}
        st.keys = {slot: key_from_pem(p) for slot, p in d["keys"].items()}
        st.dos = {int(t, 16): bytes.fromhex(v) for t, v in d["dos"].items()}
        st.certs = [bytes.fromhex(c) for c in d["certs"]]
        st.sig_counter, st.terminated = d["sig_counter"], d["terminated"]
        return st

    @classmethod
    def load(cls, provision_dir, state_path, tries=3):
        return cls.restore_or(state_path, lambda: cls.provision(provision_dir, tries))
