"""PIV data of the virtual card: BER-TLV, constants, data objects, provisioning and saved state.

Values follow NIST SP 800-73-4 (part 1 for data objects, part 2 for the card edge).
"""

import datetime
import functools
import hashlib
import os

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ber_tlv import SW, parse_tlv, tlv  # noqa: F401  (re-exported to the PIV modules)
from saved_state import SavedState, read_fixture

PIV_AID = bytes.fromhex("A000000308000010000100")
NIST_RID = PIV_AID[:5]

# Key reference -> tag of the certificate container in that slot (800-73-4 part 1, table 3/4).
CERT_TAGS = {0x9A: 0x5FC105, 0x9C: 0x5FC10A, 0x9D: 0x5FC10B, 0x9E: 0x5FC101}
CERT_TAGS.update({0x82 + i: 0x5FC10D + i for i in range(20)})  # retired key management 82..95
RETIRED = range(0x82, 0x96)

TAG_CHUID, TAG_CCC, TAG_KEY_HISTORY, TAG_DISCOVERY = 0x5FC102, 0x5FC107, 0x5FC10C, 0x7E
# Objects readable only after PIN verification: fingerprints, printed information, facial
# image, iris images.
PIN_PROTECTED_OBJECTS = {0x5FC103, 0x5FC109, 0x5FC108, 0x5FC121}

# Algorithm identifiers (800-78-4).
ALG_3DES, ALG_AES128, ALG_AES192, ALG_AES256 = 0x03, 0x08, 0x0A, 0x0C
RSA_ALGS = {0x06: 1024, 0x07: 2048, 0x05: 3072, 0x16: 4096}
EC_ALGS = {0x11: ec.SECP256R1, 0x14: ec.SECP384R1}
MGMT_KEY_LENGTHS = {ALG_3DES: 24, ALG_AES128: 16, ALG_AES192: 24, ALG_AES256: 32}
DEFAULT_MGMT_KEY = bytes(range(1, 9)) * 3  # the well-known factory 3DES key 0102..08 x3


# ------------------------------------------------------------------------------- keys

def key_alg(key):
    """PIV algorithm id of a private key, or None if the card does not support it."""
    if isinstance(key, rsa.RSAPrivateKey):
        return {v: k for k, v in RSA_ALGS.items()}.get(key.key_size)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {v.name: k for k, v in EC_ALGS.items()}.get(key.curve.name)
    return None


def key_to_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def key_from_pem(text):
    key = serialization.load_pem_private_key(text.encode() if isinstance(text, str) else text, None)
    if key_alg(key) is None:
        raise ValueError("key type/size not supported by PIV")
    return key


# ------------------------------------------------------------------------------- data objects

def fascn(agency, system, credential):
    """FASC-N (25 bytes, TIG SCEPACS): 5-bit characters (4 data bits LSB first + odd parity).

    Start sentinel 0xB, field separator 0xD, end sentinel 0xF, then the LRC (xor of all data
    nibbles).  Agency 9999 marks a non-federal issuer; CS, ICI, PI, OC (3 = commercial), OI and
    POA hold fixed test values.
    """
    digits = [0xB, *map(int, agency), 0xD, *map(int, system), 0xD, *map(int, credential), 0xD,
              1, 0xD, 1, 0xD, *map(int, "0000000000"), 3, *map(int, "0000"), 1, 0xF]
    lrc = 0
    for d in digits:
        lrc ^= d
    bits = ""
    for d in digits + [lrc]:
        data = "".join(str((d >> k) & 1) for k in range(4))
        bits += data + ("0" if data.count("1") % 2 else "1")
    return int(bits, 2).to_bytes(25, "big")


def chuid(guid):
    expiry = (datetime.date.today() + datetime.timedelta(days=3650)).strftime("%Y%m%d").encode()
    credential = "%06d" % (int.from_bytes(guid[:4], "big") % 1000000)
    return (tlv(0x30, fascn("9999", "9999", credential)) + tlv(0x34, guid) + tlv(0x35, expiry)
            + tlv(0x3E) + tlv(0xFE))


def ccc(guid):
    # Card identifier: GSC-RID A0 00 00 01 16, manufacturer FF (test), card type 02 (Java Card),
    # then 14 bytes of card id.
    card_id = bytes.fromhex("A000000116 FF 02") + guid[:14]
    body = tlv(0xF0, card_id) + tlv(0xF1, b"\x21") + tlv(0xF2, b"\x21") + tlv(0xF3)
    body += tlv(0xF4, b"\x00") + tlv(0xF5, b"\x10") + tlv(0xF6) + tlv(0xF7)
    return body + tlv(0xFA) + tlv(0xFB) + tlv(0xFC) + tlv(0xFD) + tlv(0xFE)


def discovery():
    # PIN usage policy 40 00: only the PIV Card Application PIN satisfies access conditions.
    return tlv(0x7E, tlv(0x4F, PIV_AID) + tlv(0x5F2F, b"\x40\x00"))


def cert_container(der):
    return tlv(0x70, der) + tlv(0x71, b"\x00") + tlv(0xFE)  # CertInfo 00: not compressed


def key_history(on_card_retired):
    return tlv(0xC1, bytes([on_card_retired])) + tlv(0xC2, b"\x00") + tlv(0xFE)


def pad_pin(text, puk=False):
    """A PIN or PUK from a fixture file, padded with FF to the 8 bytes VERIFY carries."""
    raw = text.encode()
    if not 6 <= len(raw) <= 8:
        raise ValueError(f"{'PUK' if puk else 'PIN'} must have 6 to 8 characters")
    return raw + b"\xFF" * (8 - len(raw))


def pin_format_ok(padded, puk=False):
    """8 bytes: PIN = 6-8 digits then FF padding; PUK = any 8 bytes (800-73-4 part 2, 2.4.3)."""
    if len(padded) != 8:
        return False
    if puk:
        return True
    value = padded.rstrip(b"\xFF")
    return 6 <= len(value) <= 8 and value.isdigit()


# ------------------------------------------------------------------------------- persistent state

class State(SavedState):
    """Everything that survives a power cycle; saved to JSON after every change if --state."""

    def __init__(self, tries):
        self.pin = pad_pin("123456")
        self.puk = pad_pin("12345678", puk=True)
        self.max_tries = tries
        self.pin_tries = tries
        self.puk_tries = tries
        self.mgmt_alg = ALG_3DES
        self.mgmt_key = DEFAULT_MGMT_KEY
        self.keys = {}     # key reference -> private key
        self.objects = {}  # tag -> content (inside 53; the whole TLV for 7E)

    @classmethod
    def provision(cls, directory, tries, guid=None):
        """A card from a fixture directory (None: an empty card with default PIN/PUK/9B key)."""
        st = cls(tries)

        read = functools.partial(read_fixture, directory)

        if (pin := read("pin")) is not None:
            st.pin = pad_pin(pin.decode().strip())
        if (puk := read("puk")) is not None:
            st.puk = pad_pin(puk.decode().strip(), puk=True)
        if (mgmt := read("mgmt")) is not None:  # "ALG HEXKEY", e.g. "08 00112233..."
            alg, key = mgmt.decode().split()
            st.mgmt_alg, st.mgmt_key = int(alg, 16), bytes.fromhex(key)
            if MGMT_KEY_LENGTHS.get(st.mgmt_alg) != len(st.mgmt_key):
                raise ValueError("mgmt: unsupported algorithm or wrong key length")
        first_cert = None
        retired_certs = 0
        for ref, tag in CERT_TAGS.items():
            if (pem := read(f"{ref:02x}.key")) is not None:
                st.keys[ref] = key_from_pem(pem)
            if (pem := read(f"{ref:02x}.crt")) is not None:
                der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
                st.objects[tag] = cert_container(der)
                first_cert = first_cert or der
                retired_certs += ref in RETIRED
        if guid is None and (g := read("guid")) is not None:
            guid = bytes.fromhex(g.decode().strip())
        if guid is None:
            # Stable per fixture, distinct between fixtures: readers tell cards apart by it.
            guid = hashlib.sha256(first_cert or os.urandom(32)).digest()[:16]
        st.objects[TAG_CHUID] = chuid(guid)
        st.objects[TAG_CCC] = ccc(guid)
        st.objects[TAG_DISCOVERY] = discovery()
        if retired_certs:
            st.objects[TAG_KEY_HISTORY] = key_history(retired_certs)
        return st

    def to_json(self):
        return {
            "pin": self.pin.hex(), "puk": self.puk.hex(), "max_tries": self.max_tries,
            "pin_tries": self.pin_tries, "puk_tries": self.puk_tries,
            "mgmt_alg": self.mgmt_alg, "mgmt_key": self.mgmt_key.hex(),
            "keys": {f"{ref:02X}": key_to_pem(k) for ref, k in self.keys.items()},
            "objects": {f"{tag:X}": v.hex() for tag, v in self.objects.items()},
        }

    @classmethod
    def from_json(cls, d):
        st = cls(d["max_tries"])
        st.pin, st.puk = bytes.fromhex(d["pin"]), bytes.fromhex(d["puk"])
        st.pin_tries, st.puk_tries = d["pin_tries"], d["puk_tries"]
        st.mgmt_alg, st.mgmt_key = d["mgmt_alg"], bytes.fromhex(d["mgmt_key"])
        st.keys = {int(r, 16): key_from_pem(p) for r, p in d["keys"].items()}
        st.objects = {int(t, 16): bytes.fromhex(v) for t, v in d["objects"].items()}
        return st

    @classmethod
    def load(cls, provision_dir, state_path, tries, guid=None):
        guid = bytes.fromhex(guid) if guid else None
        return cls.restore_or(state_path, lambda: cls.provision(provision_dir, tries, guid))

