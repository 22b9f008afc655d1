"""The OpenPGP card application v3.4: framing, chaining, passwords and the commands.

Only what tests of OpenPGP middleware need: no secure messaging, no KDF-DO, no user interaction
flags, no AES (PSO:ENCIPHER), no MSE.
"""

import os

from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, x25519

from apdu_codec import OK, ResponseChaining, make_atr, parse_apdu, sw_bytes
from ber_tlv import SW, parse_tag_lengths, parse_tlv, tlv
from openpgp_data import (ATTR_TAG, CA_FPR_TAGS, CERT_OCCURRENCES, CRT, DATE_TAG, FPR_TAG, KEY_REF,
                          MAX_CERT, MAX_CHALLENGE, MAX_LENGTH, MAX_SPECIAL_DO, MIN_LENGTH, NAME_MAX,
                          ORIGIN_GENERATED, ORIGIN_IMPORTED, PW1, PW3, RC, RID_APP, SLOTS,
                          SUPPORTED_ATTRS, WRITABLE, State, attr_of, new_key, public_key_do)
from openpgp_crypto import private_key_from_fields, sign

# Historical bytes (spec 6): category 00 (status indicator at the end), card service data 31 C5,
# card capabilities 73 C0 01 C0 (selection by full/partial DF name; command chaining and
# extended Lc/Le), then life cycle 05 (operational) and 90 00.  Hosts read the capabilities
# from here (ATR) or from DO 5F52.
HISTORICAL = bytes.fromhex("0031C573C001C0059000")
ATR = make_atr(HISTORICAL)
LCS_TERMINATED = 0x03

GET_RESPONSE, SELECT, SELECT_DATA, GET_DATA, PUT_DATA, PUT_DATA_ODD = 0xC0, 0xA4, 0xA5, 0xCA, 0xDA, 0xDB
VERIFY, CHANGE_REF, RESET_RETRY, GEN_KEYPAIR, PSO, INTERNAL_AUTH = 0x20, 0x24, 0x2C, 0x47, 0x2A, 0x88
GET_CHALLENGE, TERMINATE, ACTIVATE = 0x84, 0xE6, 0x44
CHAINABLE = {PUT_DATA, PUT_DATA_ODD, VERIFY, CHANGE_REF, RESET_RETRY, GEN_KEYPAIR, PSO, INTERNAL_AUTH}
# VERIFY P2: 81 PW1 for PSO:CDS, 82 PW1 for the other commands, 83 PW3.
REF_PW1_CDS, REF_PW1, REF_PW3 = 0x81, 0x82, 0x83

# Extended capabilities (C0, v3 layout): GET CHALLENGE, key import, PW status changeable,
# private use DOs, algorithm attributes changeable; no SM; max challenge, certificate and
# special DO lengths; no PIN block 2 format, no MSE.
EXT_CAPS = (bytes([0x7C, 0x00]) + MAX_CHALLENGE.to_bytes(2, "big") + MAX_CERT.to_bytes(2, "big")
            + MAX_SPECIAL_DO.to_bytes(2, "big") + b"\x00\x00")
# Constructed DOs: their children, in the order of the spec's tables.
APPLICATION_TAGS = (0x4F, 0x5F52, 0x7F66, 0x73)
DISCRETIONARY_TAGS = (0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCD, 0xDE)
CARDHOLDER_TAGS = (0x5B, 0x5F2D, 0x5F35)
# Simple DOs a host wrote -> the VERIFY reference reading them needs (None: always readable).
READ_ACCESS = {0x5B: None, 0x5E: None, 0x5F2D: None, 0x5F35: None, 0x5F50: None,
               0x0101: None, 0x0102: None, 0x0103: REF_PW1, 0x0104: REF_PW3}
# Extended length information (7F66): max command and response APDU data lengths.
EXT_LENGTH = tlv(0x02, (0x0800).to_bytes(2, "big")) + tlv(0x02, (0x0800).to_bytes(2, "big"))


class Card(ResponseChaining):
    def __init__(self, state):
        self.st = state
        self.power_cycle()

    @classmethod
    def load(cls, provision_dir, state_path, tries=3):
        return cls(State.load(provision_dir, state_path, tries))

    def atr(self):
        return ATR

    def power_cycle(self):
        """Power off / reset / removal: the access status is volatile."""
        self.selected = False
        self.verified = set()    # of REF_PW1_CDS, REF_PW1, REF_PW3
        self.occurrence = 0      # SELECT DATA of the cardholder certificate
        self.chain = None        # (ins, p1, p2, data so far) of a CLA 10 command chain
        self.pending = b""       # response bytes left for GET RESPONSE

    # ---------------------------------------------------------------- framing

    def process(self, raw):
        """One command APDU (or chain segment) -> response APDU bytes."""
        try:
            cla, ins, p1, p2, data, le, ext = parse_apdu(raw)
            if cla & ~0x10:
                raise SW(0x6E00)  # no secure messaging, no logical channels
            if cla & 0x10:
                if ins not in CHAINABLE:
                    raise SW(0x6884)
                if self.chain and self.chain[:3] != (ins, p1, p2):
                    self.chain = None
                self.chain = (ins, p1, p2, (self.chain[3] if self.chain else b"") + data)
                return sw_bytes(OK)
            if self.chain:
                if self.chain[:3] == (ins, p1, p2):
                    data = self.chain[3] + data
                self.chain = None
            return self.execute(ins, p1, p2, data, le, ext)
        except SW as e:
            return sw_bytes(e.sw)

    def execute(self, ins, p1, p2, data, le, ext):
        if ins == GET_RESPONSE:
            return self.get_response(le)
        self.pending = b""
        handlers = {SELECT: self.select, SELECT_DATA: self.select_data, GET_DATA: self.get_data,
                    PUT_DATA: self.put_data, PUT_DATA_ODD: self.import_key, VERIFY: self.verify,
                    CHANGE_REF: self.change_reference, RESET_RETRY: self.reset_retry_counter,
                    GEN_KEYPAIR: self.generate, PSO: self.pso, INTERNAL_AUTH: self.internal_authenticate,
                    TERMINATE: self.terminate, ACTIVATE: self.activate}
        if ins == GET_CHALLENGE:
            return self.respond(self.get_challenge(p1, p2, le), le, ext)
        if ins not in handlers:
            raise SW(0x6D00)
        if ins not in (SELECT, ACTIVATE):
            if not self.selected:
                raise SW(0x6985)  # no application selected since power-on
            if self.st.terminated:
                raise SW(0x6285)  # selected file in termination state
        return self.respond(handlers[ins](p1, p2, data), le, ext)

    # ---------------------------------------------------------------- selection and life cycle

    def select(self, p1, p2, data):
        # By AID only: the 6-byte RID + application (as hosts send it) or a longer prefix of
        # the full 16-byte AID.  Other AIDs are "not found", so that OpenSC's other drivers,
        # which probe their own AIDs, do not claim the card.
        aid = self.st.aid()
        if p1 != 0x04 or not (len(RID_APP) <= len(data) <= len(aid)) or not aid.startswith(data):
            raise SW(0x6A82)
        self.selected = True
        self.occurrence = 0
        if self.st.terminated:
            raise SW(0x6285)
        # FCI with the full AID as DF name: OpenSC reads the card's version from it.
        return b"" if p2 & 0x0C == 0x0C else tlv(0x6F, tlv(0x84, aid))

    def terminate(self, p1, p2, data):
        # Allowed with PW3 verified or blocked (spec 7.2.16): a card whose PWs are all
        # blocked can still be reset.
        if (p1, p2) != (0, 0):
            raise SW(0x6B00)
        if REF_PW3 not in self.verified and self.st.tries[PW3]:
            raise SW(0x6982)
        self.st.terminated = True
        self.st.save()
        self.verified.clear()
        return b""

    def activate(self, p1, p2, data):
        """ACTIVATE FILE: a terminated card comes back in its factory state; else nothing."""
        if (p1, p2) != (0, 0):
            raise SW(0x6B00)
        if self.st.terminated:
            fresh = State(self.st.max_tries)
            fresh.serial, fresh.path = self.st.serial, self.st.path
            self.st = fresh
            self.st.save()
            self.power_cycle()
        return b""

    def get_challenge(self, p1, p2, le):
        if (p1, p2) != (0, 0):
            raise SW(0x6B00)
        if not self.selected:
            raise SW(0x6985)
        if le is None or le > MAX_CHALLENGE:
            raise SW(0x6700)
        return os.urandom(le)

    # ---------------------------------------------------------------- data objects

    def historical(self):
        if self.st.terminated:
            return HISTORICAL[:-3] + bytes([LCS_TERMINATED]) + HISTORICAL[-2:]
        return HISTORICAL

    def pw_status(self):
        st = self.st
        return bytes([0x01 if st.pw1_multi else 0x00, MAX_LENGTH, MAX_LENGTH, MAX_LENGTH,
                      st.tries[PW1], st.tries[RC], st.tries[PW3]])

    def key_information(self):
        return b"".join(bytes([KEY_REF[s], self.st.origin[s]]) for s in SLOTS)

    def algorithm_information(self):
        return b"".join(tlv(ATTR_TAG[s], a) for s in SLOTS for a in SUPPORTED_ATTRS[s])

    def fingerprints(self, tags, size):
        return b"".join(self.st.dos.get(t, bytes(size)) for t in tags)

    def readers(self):
        """Readable DOs (GET DATA) -> a function making their content."""
        st, d = self.st, self.st.dos
        out = {
            0x4F: st.aid, 0x5F52: self.historical, 0xC0: lambda: EXT_CAPS, 0xC4: self.pw_status,
            0xC5: lambda: self.fingerprints((FPR_TAG[s] for s in SLOTS), 20),
            0xC6: lambda: self.fingerprints(CA_FPR_TAGS, 20),
            0xCD: lambda: self.fingerprints((DATE_TAG[s] for s in SLOTS), 4),
            0xDE: self.key_information, 0x7F66: lambda: EXT_LENGTH, 0xFA: self.algorithm_information,
            0x7A: lambda: tlv(0x93, st.sig_counter.to_bytes(3, "big")),
            0x7F21: lambda: st.certs[self.occurrence],
        }
        out.update({tag: (lambda s=slot: st.attrs[s]) for slot, tag in ATTR_TAG.items()})
        out.update({tag: (lambda t=tag: d.get(t, b"")) for tag in READ_ACCESS})
        out[0x65] = lambda: b"".join(tlv(t, out[t]()) for t in CARDHOLDER_TAGS)
        out[0x73] = lambda: b"".join(tlv(t, out[t]()) for t in DISCRETIONARY_TAGS)
        out[0x6E] = lambda: b"".join(tlv(t, out[t]()) for t in APPLICATION_TAGS)
        return out

    def data_object(self, tag):
        """The content of a readable DO (without its own tag), or None.  The single
        fingerprints and dates (C7-D0) and the resetting code are write-only."""
        if READ_ACCESS.get(tag) is not None:
            self.need(READ_ACCESS[tag])
        make = self.readers().get(tag)
        return make() if make else None

    def get_data(self, p1, p2, data):
        content = self.data_object(p1 << 8 | p2)
        if content is None:
            raise SW(0x6A88)
        return content

    def select_data(self, p1, p2, data):
        """SELECT DATA (v3): which occurrence of 7F21 the next GET/PUT DATA addresses."""
        if p1 >= CERT_OCCURRENCES or p2 != 0x04:
            raise SW(0x6A86)
        items = parse_tlv(data)
        if len(items) == 1 and items[0][0] == 0x60:  # tag list wrapped in 60, as the spec shows it
            items = parse_tlv(items[0][1])
        if items != [(0x5C, b"\x7F\x21")]:
            raise SW(0x6A88)
        self.occurrence = p1
        return b""

    def need(self, ref):
        if ref not in self.verified:
            raise SW(0x6982)

    def put_data(self, p1, p2, data):
        tag, st = p1 << 8 | p2, self.st
        if tag == 0x7F21:
            self.need(REF_PW3)
            if len(data) > MAX_CERT:
                raise SW(0x6700)
            st.certs[self.occurrence] = data
        elif tag in ATTR_TAG.values():
            self.need(REF_PW3)
            slot = next(s for s, t in ATTR_TAG.items() if t == tag)
            attr = data[:-1] if data[-1:] == b"\xFF" else data  # FF: with public key on import
            if attr not in SUPPORTED_ATTRS[slot]:
                raise SW(0x6A80)
            if attr != st.attrs[slot]:
                st.drop_key(slot)  # the old key does not fit the new algorithm
                st.attrs[slot] = attr
        elif tag == 0xC4:
            self.need(REF_PW3)
            if len(data) not in (1, 4) or data[0] not in (0, 1):
                raise SW(0x6A80)
            st.pw1_multi = data[0] == 1
        elif tag == 0xD3:  # resetting code; empty deletes it
            self.need(REF_PW3)
            if data and not MIN_LENGTH[RC] <= len(data) <= MAX_LENGTH:
                raise SW(0x6A80)
            st.secrets[RC], st.tries[RC] = data, st.max_tries if data else 0
        elif tag in WRITABLE:
            self.need(REF_PW1 if WRITABLE[tag] == PW1 else REF_PW3)
            fixed = 20 if tag in (*FPR_TAG.values(), *CA_FPR_TAGS) else 4 if tag in DATE_TAG.values() else None
            limit = NAME_MAX if tag == 0x5B else MAX_SPECIAL_DO
            if (fixed and len(data) != fixed) or len(data) > limit:
                raise SW(0x6700)
            st.dos[tag] = data
        else:
            raise SW(0x6A88)
        st.save()
        return b""

    # ---------------------------------------------------------------- passwords

    def tries_left_sw(self, name):
        return SW(0x63C0 | self.st.tries[name]) if self.st.tries[name] else SW(0x6983)

    def check_secret(self, name, value):
        """Compares with the counter: a wrong value costs a try; the right one resets them."""
        st = self.st
        if not st.tries[name]:
            raise SW(0x6983)
        if value != st.secrets[name]:
            st.tries[name] -= 1
            st.save()
            raise self.tries_left_sw(name)
        if st.tries[name] != st.max_tries:
            st.tries[name] = st.max_tries
            st.save()

    def verify(self, p1, p2, data):
        if p2 not in (REF_PW1_CDS, REF_PW1, REF_PW3):
            raise SW(0x6A86)
        if p1 == 0xFF:  # reset the access status (v3)
            self.verified.discard(p2)
            return b""
        if p1 != 0x00:
            raise SW(0x6A86)
        name = PW3 if p2 == REF_PW3 else PW1
        if not data:  # status query
            if p2 in self.verified:
                return b""
            raise self.tries_left_sw(name)
        self.verified.discard(p2)
        self.check_secret(name, data)
        self.verified.add(p2)
        return b""

    def new_secret_ok(self, name, value):
        if not MIN_LENGTH[name] <= len(value) <= MAX_LENGTH:
            raise SW(0x6A80)

    def change_reference(self, p1, p2, data):
        if p1 != 0x00 or p2 not in (REF_PW1_CDS, REF_PW3):
            raise SW(0x6A86)
        name = PW3 if p2 == REF_PW3 else PW1
        # No separator between old and new: the card knows the old one's length.
        old_len = len(self.st.secrets[name])
        old, new = data[:old_len], data[old_len:]
        self.check_secret(name, old)
        self.new_secret_ok(name, new)
        self.st.secrets[name] = new
        self.st.save()
        self.verified -= {REF_PW3} if name == PW3 else {REF_PW1_CDS, REF_PW1}
        return b""

    def reset_retry_counter(self, p1, p2, data):
        st = self.st
        if p2 != REF_PW1_CDS or p1 not in (0x00, 0x02):
            raise SW(0x6A86)
        if p1 == 0x00:  # resetting code followed by the new PW1
            if not st.secrets[RC]:
                raise SW(0x6982)
            rc_len = len(st.secrets[RC])
            self.check_secret(RC, data[:rc_len])
            new = data[rc_len:]
        else:           # after PW3: the data is the new PW1
            self.need(REF_PW3)
            new = data
        self.new_secret_ok(PW1, new)
        st.secrets[PW1], st.tries[PW1] = new, st.max_tries
        st.save()
        return b""

    # ---------------------------------------------------------------- keys

    def slot_of(self, data):
        """The key slot named by a control reference template (B6/B8/A4, maybe with 84)."""
        items = parse_tlv(data)
        if not items or items[0][0] not in CRT:
            raise SW(0x6A80)
        return CRT[items[0][0]]

    def generate(self, p1, p2, data):
        if p2 != 0x00 or p1 not in (0x80, 0x81):
            raise SW(0x6A86)
        slot = self.slot_of(data)
        if p1 == 0x80:
            self.need(REF_PW3)
            self.st.set_key(slot, new_key(self.st.attrs[slot]), ORIGIN_GENERATED)
            self.st.save()
        key = self.st.keys.get(slot)
        if key is None:
            raise SW(0x6A88)
        return public_key_do(key)

    def import_key(self, p1, p2, data):
        """PUT DATA (odd) 3FFF: the extended header list 4D {CRT, 7F48 lengths, 5F48 data}."""
        if (p1, p2) != (0x3F, 0xFF):
            raise SW(0x6A88)
        self.need(REF_PW3)
        items = parse_tlv(data)
        if len(items) != 1 or items[0][0] != 0x4D:
            raise SW(0x6A80)
        parts = parse_tlv(items[0][1])
        if len(parts) != 3 or parts[1][0] != 0x7F48 or parts[2][0] != 0x5F48:
            raise SW(0x6A80)
        slot = self.slot_of(tlv(*parts[0]))
        fields, blob, pos = {}, parts[2][1], 0
        for tag, length in parse_tag_lengths(parts[1][1]):
            fields[tag], pos = blob[pos:pos + length], pos + length
        key = private_key_from_fields(self.st.attrs[slot], fields)
        try:
            attr_of(key, slot)
        except ValueError:
            raise SW(0x6A80) from None
        self.st.set_key(slot, key, ORIGIN_IMPORTED)
        self.st.save()
        return b""

    def key_for(self, slot):
        key = self.st.keys.get(slot)
        if key is None:
            raise SW(0x6A88)
        return key

    def pso(self, p1, p2, data):
        if (p1, p2) == (0x9E, 0x9A):
            return self.compute_digital_signature(data)
        if (p1, p2) == (0x80, 0x86):
            return self.decipher(data)
        raise SW(0x6A86)

    def compute_digital_signature(self, data):
        self.need(REF_PW1_CDS)
        key = self.key_for("sig")
        result = sign(key, data)
        st = self.st
        st.sig_counter = min(st.sig_counter + 1, 0xFFFFFF)
        st.save()
        if not st.pw1_multi:
            self.verified.discard(REF_PW1_CDS)  # PW1 valid for one signature only
        return result

    def decipher(self, data):
        self.need(REF_PW1)
        key = self.key_for("dec")
        if isinstance(key, rsa.RSAPrivateKey):
            if data[:1] != b"\x00" or len(data) != 1 + key.key_size // 8:
                raise SW(0x6A80)  # padding indicator 00, then the cryptogram
            try:
                return key.decrypt(data[1:], padding.PKCS1v15())
            except ValueError:
                raise SW(0x6A80) from None
        # ECDH: A6 { 7F49 { 86 the other party's public key } } -> the shared secret (for
        # NIST curves its x coordinate).
        try:
            (a6,) = parse_tlv(data)
            (pub,) = parse_tlv(a6[1]) if a6[0] == 0xA6 else (None,)
            (point,) = parse_tlv(pub[1]) if pub and pub[0] == 0x7F49 else (None,)
            if not point or point[0] != 0x86:
                raise ValueError
            if isinstance(key, x25519.X25519PrivateKey):
                raw = point[1][1:] if len(point[1]) == 33 and point[1][0] == 0x40 else point[1]
                return key.exchange(x25519.X25519PublicKey.from_public_bytes(raw))
            peer = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, point[1])
            return key.exchange(ec.ECDH(), peer)
        except ValueError:
            raise SW(0x6A80) from None

    def internal_authenticate(self, p1, p2, data):
        if (p1, p2) != (0, 0):
            raise SW(0x6A86)
        self.need(REF_PW1)
        return sign(self.key_for("aut"), data)
