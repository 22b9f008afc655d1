"""The PIV card application: APDU framing, chaining, security status and the commands.

Card edge of NIST SP 800-73-4 part 2.  Only what tests of a PIV middleware need: no secure
messaging, no biometrics, no virtual contact interface, no global PIN.
"""

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa, utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from apdu_codec import OK, ResponseChaining, make_atr, parse_apdu, sw_bytes
from piv_data import (ALG_3DES, CERT_TAGS, EC_ALGS, NIST_RID, PIN_PROTECTED_OBJECTS, PIV_AID,
                      RSA_ALGS, SW, TAG_DISCOVERY, State, key_alg, parse_tlv, pin_format_ok, tlv)

# Proprietary historical bytes (first byte not 00/10/80): an ATR no card driver knows makes
# OpenSC find the card by SELECTing the PIV AID.
ATR = make_atr(b"p11forge PIV")

GET_RESPONSE, SELECT, GET_DATA, PUT_DATA = 0xC0, 0xA4, 0xCB, 0xDB
VERIFY, CHANGE_REF, RESET_RETRY, GEN_AUTH, GEN_KEYPAIR = 0x20, 0x24, 0x2C, 0x87, 0x47
PIN_REF, PUK_REF, MGMT_REF, CARD_AUTH_REF, SIGN_REF = 0x80, 0x81, 0x9B, 0x9E, 0x9C


# Behaviours of cards seen in the field, off by default (piv_card.py --quirk NAME).
QUIRKS = {
    "6c": "SELECT/GET DATA answer 6C XX when Le is too short (OpenSC's PIV driver gives up)",
    "630x": "a wrong PIN is reported as 63 0X instead of 63 CX",
    "no-empty-verify": "an empty VERIFY answers 63 CX even when the PIN is verified",
    "select-logout": "every SELECT clears the PIN and 9B status (another applet got selected)",
    "no-extended": "extended-length APDUs answer 67 00 (older cards: hosts must chain)",
}


class Card(ResponseChaining):
    def __init__(self, state, admin_check=True, quirks=()):
        unknown = set(quirks) - set(QUIRKS)
        if unknown:
            raise ValueError(f"unknown quirks: {', '.join(sorted(unknown))}")
        self.st = state
        self.admin_check = admin_check
        self.quirks = set(quirks)
        self.power_cycle()

    @classmethod
    def load(cls, provision_dir, state_path, tries=3, guid=None, admin_check=True, quirks=()):
        return cls(State.load(provision_dir, state_path, tries, guid), admin_check, quirks)

    def atr(self):
        return ATR

    def power_cycle(self):
        """Power off / reset / removal: the security status is volatile (800-73-4 part 2, 2.4)."""
        self.selected = False
        self.pin_verified = False
        self.armed = False         # PIN-always (9C): the previous APDU was a successful VERIFY
        self.admin = False         # 9B management key authenticated
        self.mgmt_pending = None   # ("witness"|"challenge", bytes) of a 9B authentication in progress
        self.chain = None          # (ins, p1, p2, data so far) of a CLA 10 command chain
        self.pending = b""         # response bytes left for GET RESPONSE

    # ---------------------------------------------------------------- framing

    def process(self, raw):
        """One command APDU (or chain segment) -> response APDU bytes."""
        # Whatever comes in, even a malformed APDU, ends the PIN-always window of a VERIFY.
        armed, self.armed = self.armed, False
        try:
            cla, ins, p1, p2, data, le, ext = parse_apdu(raw)
            if ext and "no-extended" in self.quirks:
                raise SW(0x6700)
            if cla & ~0x10:
                raise SW(0x6E00)  # no secure messaging, no logical channels
            if cla & 0x10:
                # A chain segment is part of one command: it does not count as an APDU
                # "in between" for PIN-always, and gets 90 00 until the last segment.
                if ins not in (PUT_DATA, GEN_AUTH, VERIFY, CHANGE_REF, RESET_RETRY, GEN_KEYPAIR):
                    raise SW(0x6884)
                if self.chain and self.chain[:3] != (ins, p1, p2):
                    self.chain = None
                self.chain = (ins, p1, p2, (self.chain[3] if self.chain else b"") + data)
                self.armed = armed and ins == GEN_AUTH
                return sw_bytes(OK)
            if self.chain:
                if self.chain[:3] == (ins, p1, p2):
                    data = self.chain[3] + data
                self.chain = None
            return self.execute(ins, p1, p2, data, le, ext, armed)
        except SW as e:
            return sw_bytes(e.sw)

    def execute(self, ins, p1, p2, data, le, ext, armed):
        if ins == GET_RESPONSE:
            return self.get_response(le)
        self.pending = b""
        if not (ins == GEN_AUTH and p2 == MGMT_REF):
            self.mgmt_pending = None
        handlers = {SELECT: self.select, GET_DATA: self.get_data, PUT_DATA: self.put_data,
                    VERIFY: self.verify, CHANGE_REF: self.change_reference,
                    RESET_RETRY: self.reset_retry_counter, GEN_KEYPAIR: self.generate}
        if ins == GEN_AUTH:
            result = self.general_authenticate(p1, p2, data, armed)
        elif ins not in handlers:
            raise SW(0x6D00)
        elif ins != SELECT and not self.selected:
            raise SW(0x6985)  # no application selected since power-on
        else:
            result = handlers[ins](p1, p2, data)
        # Real PIV cards send what does not fit in Le with 61 XX (OpenSC reads 8 bytes of an
        # object first to learn its length); 6C XX only as a quirk, and only for commands a
        # host can repeat harmlessly.
        return self.respond(result, le, ext, may_6c="6c" in self.quirks and ins in (SELECT, GET_DATA))

    # ---------------------------------------------------------------- data

    def select(self, p1, p2, data):
        # Only SELECT by AID.  Hosts select PIV by the full AID or without its version bytes
        # (9 bytes); like partial selection in ISO 7816-4 we accept any right-truncation down
        # to the 5-byte NIST RID.  Everything else is "not found", so that OpenSC's other
        # drivers, which probe their own AIDs, do not claim the card.
        if "select-logout" in self.quirks:
            self.pin_verified = self.admin = False
        if p1 != 0x04 or p2 & 0x03 or not (5 <= len(data) <= len(PIV_AID)) \
                or not PIV_AID.startswith(data):
            raise SW(0x6A82)
        self.selected = True
        if p2 & 0x0C == 0x0C:
            return b""
        algs = b"".join(tlv(0x80, bytes([a])) for a in (0x07, 0x11, 0x14, ALG_3DES, 0x08, 0x0A, 0x0C))
        return tlv(0x61, tlv(0x4F, PIV_AID[5:]) + tlv(0x79, tlv(0x4F, NIST_RID))
                   + tlv(0x50, b"p11forge virtual PIV") + tlv(0xAC, algs + tlv(0x06)))

    def get_data(self, p1, p2, data):
        if (p1, p2) != (0x3F, 0xFF):
            raise SW(0x6A86)
        items = parse_tlv(data)
        if len(items) != 1 or items[0][0] != 0x5C or not 1 <= len(items[0][1]) <= 3:
            raise SW(0x6A80)
        tag = int.from_bytes(items[0][1], "big")
        if tag in PIN_PROTECTED_OBJECTS and not self.pin_verified:
            raise SW(0x6982)
        content = self.st.objects.get(tag)
        if content is None:
            raise SW(0x6A82)
        return content if tag in (TAG_DISCOVERY, 0x7F61) else tlv(0x53, content)

    def put_data(self, p1, p2, data):
        if (p1, p2) != (0x3F, 0xFF):
            raise SW(0x6A86)
        self.need_admin()
        items = parse_tlv(data)
        if len(items) == 1 and items[0][0] in (TAG_DISCOVERY, 0x7F61):
            tag, content = items[0][0], data  # stored and returned as the whole TLV
        elif len(items) == 2 and items[0][0] == 0x5C and items[1][0] == 0x53 \
                and 1 <= len(items[0][1]) <= 3:
            tag, content = int.from_bytes(items[0][1], "big"), items[1][1]
        else:
            raise SW(0x6A80)
        if content:
            self.st.objects[tag] = content
        else:
            self.st.objects.pop(tag, None)  # an empty 53 deletes the object
        self.st.save()
        return b""

    def need_admin(self):
        if self.admin_check and not self.admin:
            raise SW(0x6982)

    # ---------------------------------------------------------------- PIN and PUK

    def tries_left_sw(self, tries):
        if not tries:
            return SW(0x6983)
        return SW((0x6300 if "630x" in self.quirks else 0x63C0) | tries)

    def verify(self, p1, p2, data):
        if p2 != PIN_REF:
            raise SW(0x6A88)  # global PIN (00) and OCC are not supported
        if p1 == 0xFF:  # reset the security status of the PIN
            self.pin_verified = False
            return b""
        if p1 != 0x00:
            raise SW(0x6A86)
        st = self.st
        if not data:  # status query
            if st.pin_tries == 0:
                raise SW(0x6983)
            if self.pin_verified and "no-empty-verify" not in self.quirks:
                return b""
            raise self.tries_left_sw(st.pin_tries)
        if st.pin_tries == 0:
            raise SW(0x6983)
        if len(data) != 8:
            raise SW(0x6A80)
        if data != st.pin:
            self.pin_verified = False
            st.pin_tries -= 1
            st.save()
            raise self.tries_left_sw(st.pin_tries)
        if st.pin_tries != st.max_tries:
            st.pin_tries = st.max_tries
            st.save()
        self.pin_verified = True
        self.armed = True
        return b""

    def change_reference(self, p1, p2, data):
        if p1 != 0x00 or p2 not in (PIN_REF, PUK_REF):
            raise SW(0x6A88 if p1 == 0 else 0x6A86)
        is_puk = p2 == PUK_REF
        name = "puk" if is_puk else "pin"
        st = self.st
        if getattr(st, name + "_tries") == 0:
            raise SW(0x6983)
        if len(data) != 16 or not pin_format_ok(data[8:], is_puk):
            raise SW(0x6A80)
        if data[:8] != getattr(st, name):
            setattr(st, name + "_tries", getattr(st, name + "_tries") - 1)
            st.save()
            raise self.tries_left_sw(getattr(st, name + "_tries"))
        setattr(st, name, data[8:])
        setattr(st, name + "_tries", st.max_tries)
        st.save()
        return b""

    def reset_retry_counter(self, p1, p2, data):
        if p1 != 0x00 or p2 != PIN_REF:
            raise SW(0x6A86)
        st = self.st
        if st.puk_tries == 0:
            raise SW(0x6983)
        if len(data) != 16 or not pin_format_ok(data[8:]):
            raise SW(0x6A80)
        if data[:8] != st.puk:
            st.puk_tries -= 1
            st.save()
            raise self.tries_left_sw(st.puk_tries)
        st.pin, st.pin_tries, st.puk_tries = data[8:], st.max_tries, st.max_tries
        st.save()
        return b""

    # ---------------------------------------------------------------- keys

    def general_authenticate(self, alg, ref, data, armed):
        if not self.selected:
            raise SW(0x6985)
        items = parse_tlv(data)
        if len(items) != 1 or items[0][0] != 0x7C:
            raise SW(0x6A80)
        fields = dict(parse_tlv(items[0][1]))
        if ref == MGMT_REF:
            return self.mgmt_authenticate(alg, fields)
        if ref not in CERT_TAGS:
            raise SW(0x6A86)
        key = self.st.keys.get(ref)
        if key is None:
            raise SW(0x6A88)
        if key_alg(key) != alg:
            raise SW(0x6A86)
        # Security status: 9E none; 9C PIN-always (VERIFY must be the APDU right before);
        # 9A, 9D and the retired keys the PIN once per session.
        if (ref == SIGN_REF and not armed) or \
                (ref not in (SIGN_REF, CARD_AUTH_REF) and not self.pin_verified):
            raise SW(0x6982)
        if fields.get(0x82) != b"":
            raise SW(0x6A80)
        if 0x81 in fields:
            result = private_operation(key, fields[0x81])
        elif 0x85 in fields and isinstance(key, ec.EllipticCurvePrivateKey):
            try:
                peer = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, fields[0x85])
            except ValueError:
                raise SW(0x6A80) from None
            result = key.exchange(ec.ECDH(), peer)
        else:
            raise SW(0x6A80)
        return tlv(0x7C, tlv(0x82, result))

    def mgmt_authenticate(self, alg, fields):
        """9B card management key: mutual (80 witness, then 80+81) or external (81, then 82)."""
        st = self.st
        if alg != st.mgmt_alg:
            raise SW(0x6A86)
        if alg == ALG_3DES:
            cipher, bs = algorithms.TripleDES(st.mgmt_key), 8
        else:
            cipher, bs = algorithms.AES(st.mgmt_key), 16

        def encrypt(block):
            enc = Cipher(cipher, modes.ECB()).encryptor()
            return enc.update(block) + enc.finalize()

        witness, challenge, response = fields.get(0x80), fields.get(0x81), fields.get(0x82)
        pending, self.mgmt_pending = self.mgmt_pending, None
        if witness == b"" and challenge is None and response is None:
            w = os.urandom(bs)
            self.mgmt_pending = ("witness", w)
            return tlv(0x7C, tlv(0x80, encrypt(w)))
        if witness and challenge is not None and response in (None, b""):
            if pending != ("witness", witness) or len(challenge) != bs:
                self.admin = False
                raise SW(0x6982)
            self.admin = True
            return tlv(0x7C, tlv(0x82, encrypt(challenge)))
        if challenge == b"" and witness is None and response is None:
            c = os.urandom(bs)
            self.mgmt_pending = ("challenge", c)
            return tlv(0x7C, tlv(0x81, c))
        if response and witness is None and challenge is None:
            if not pending or pending[0] != "challenge" or encrypt(pending[1]) != response:
                self.admin = False
                raise SW(0x6982)
            self.admin = True
            return b""
        raise SW(0x6A80)

    def generate(self, p1, p2, data):
        if p1 != 0x00 or p2 not in CERT_TAGS:
            raise SW(0x6A86)
        self.need_admin()
        items = dict(parse_tlv(data))
        if 0xAC not in items:
            raise SW(0x6A80)
        alg = dict(parse_tlv(items[0xAC])).get(0x80, b"")  # AA/AB policy tags are ignored
        alg = alg[0] if len(alg) == 1 else None
        if alg in RSA_ALGS:
            key = rsa.generate_private_key(65537, RSA_ALGS[alg])
            pub = key.public_key().public_numbers()
            body = tlv(0x81, pub.n.to_bytes((pub.n.bit_length() + 7) // 8, "big"))
            body += tlv(0x82, pub.e.to_bytes(3, "big"))
        elif alg in EC_ALGS:
            key = ec.generate_private_key(EC_ALGS[alg]())
            nums = key.public_key().public_numbers()
            size = (key.curve.key_size + 7) // 8
            body = tlv(0x86, b"\x04" + nums.x.to_bytes(size, "big") + nums.y.to_bytes(size, "big"))
        else:
            raise SW(0x6A80)
        self.st.keys[p2] = key
        self.st.save()
        return tlv(0x7F49, body)


def private_operation(key, data):
    """81 challenge -> raw RSA private operation (padding is the host's job) or ECDSA.

    ECDSA input is the hash, exactly as long as the field (the host truncates or pads), and
    the result is a DER Ecdsa-Sig-Value, as PIV cards return it.
    """
    if isinstance(key, rsa.RSAPrivateKey):
        priv = key.private_numbers()
        n = priv.public_numbers.n
        k = (n.bit_length() + 7) // 8
        m = int.from_bytes(data, "big")
        if len(data) != k or m >= n:
            raise SW(0x6A80)
        # CRT: about 3x faster than pow(m, d, n) in Python.
        m1, m2 = pow(m, priv.dmp1, priv.p), pow(m, priv.dmq1, priv.q)
        h = priv.iqmp * (m1 - m2) % priv.p
        return (m2 + h * priv.q).to_bytes(k, "big")
    size = (key.curve.key_size + 7) // 8
    if len(data) != size:
        raise SW(0x6A80)
    digest = {32: hashes.SHA256(), 48: hashes.SHA384()}[size]
    return key.sign(data, ec.ECDSA(utils.Prehashed(digest)))
