#!/usr/bin/python3
"""Unit tests of the virtual OpenPGP card, without pcscd: the applet in-process (passwords and
their counters, PW1 for one signature, the signature counter, chaining and extended length,
key generation and import, the data objects), and openpgp_card.py over a fake vpcd socket.

    /usr/bin/python3 tests/card/test_openpgp_card.py [-v]

Signatures are checked with the fixture's public keys; there are no known-answer vectors here
(the card's crypto is python3-cryptography's).
"""

import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils, x25519  # noqa: E402

from ber_tlv import parse_tlv, tlv  # noqa: E402
from card_client import apdu as short_apdu, transmit, vpcd_exchange  # noqa: E402
from openpgp_applet import ATR, Card  # noqa: E402
from openpgp_packets import fingerprint  # noqa: E402

FIXTURES = {}
_tmp = None
PW1, PW3 = b"123456", b"12345678"
SELECT = "00A4040006D27600012401"
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")  # RFC 8017 9.2 note 1


def setUpModule():
    global _tmp
    _tmp = tempfile.TemporaryDirectory()
    for algo in ("rsa", "p256", "25519"):
        FIXTURES[algo] = os.path.join(_tmp.name, algo)
        subprocess.run([sys.executable, os.path.join(HERE, "make_openpgp_fixture.py"), FIXTURES[algo],
                        "--algo", algo, "--serial", "0000CAFE"], check=True)


def tearDownModule():
    _tmp.cleanup()


def apdu(cla, ins, p1, p2, data=b"", le=None, extended=False):
    """card_client.apdu, or an extended-length APDU (Le 65536 is written as 0000)."""
    if not extended:
        return short_apdu(cla, ins, p1, p2, data, le)
    out = bytes([cla, ins, p1, p2]) + (b"\x00" + len(data).to_bytes(2, "big") + data if data else b"\x00")
    return out + ((le or 0) & 0xFFFF).to_bytes(2, "big") if le is not None else out


def private_key(algo, slot):
    with open(os.path.join(FIXTURES[algo], f"{slot}.key"), "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)


class CardTest(unittest.TestCase):
    algo = "rsa"

    def setUp(self):
        self.state_dir = tempfile.TemporaryDirectory()
        self.state = os.path.join(self.state_dir.name, "state.json")
        self.card = Card.load(FIXTURES[self.algo], self.state)
        self.assertEqual(self.sw(SELECT), 0x9000)

    def tearDown(self):
        self.state_dir.cleanup()

    def send(self, raw):
        return transmit(self.card, raw)

    def sw(self, raw):
        return self.send(raw)[1]

    def verify(self, ref, pw):
        return self.sw(apdu(0, 0x20, 0, ref, pw))

    def get(self, tag):
        data, sw = self.send(apdu(0, 0xCA, tag >> 8, tag & 0xFF, le=0))
        self.assertEqual(sw, 0x9000, f"GET DATA {tag:04X}")
        return data

    def discretionary(self):
        outer = dict(parse_tlv(self.get(0x6E)))
        return dict(parse_tlv(outer[0x73]))

    def pw_status(self):
        return self.get(0xC4)

    def counter(self):
        return int.from_bytes(dict(parse_tlv(self.get(0x7A)))[0x93], "big")

    def cds(self, data):
        return self.send(apdu(0, 0x2A, 0x9E, 0x9A, data, le=0))


class Selection(CardTest):
    def test_atr_announces_chaining_and_extended_length(self):
        body = ATR[1:-1]
        tck = 0
        for b in body:
            tck ^= b
        self.assertEqual(ATR[-1], tck)
        self.assertIn(bytes.fromhex("73C001C0"), ATR)

    def test_select_answers_fci_with_full_aid(self):
        self.card.power_cycle()
        data, sw = self.send(SELECT + "00")
        self.assertEqual(sw, 0x9000)
        (tag, fci), = parse_tlv(data)
        self.assertEqual(tag, 0x6F)
        aid = dict(parse_tlv(fci))[0x84]
        self.assertEqual(aid.hex().upper(), "D2760001240103 04FFFF0000CAFE0000".replace(" ", ""))
        self.assertEqual(self.get(0x4F), aid)
        self.assertEqual(self.send("00A4040C06D27600012401"), (b"", 0x9000))

    def test_other_aids_and_unselected_card(self):
        self.assertEqual(self.sw("00A4040009A00000030800001000"), 0x6A82)
        self.assertEqual(self.sw("00A4000C023F00"), 0x6A82)
        self.card.power_cycle()
        self.assertEqual(self.sw("00CA006E00"), 0x6985)
        self.assertEqual(self.sw("00FE000000"), 0x6D00)


class DataObjects(CardTest):
    def test_application_related_data(self):
        outer = dict(parse_tlv(self.get(0x6E)))
        self.assertEqual(outer[0x4F][6:8], b"\x03\x04")
        self.assertEqual(outer[0x5F52], self.get(0x5F52))
        self.assertEqual(len(outer[0x7F66]), 8)
        d = self.discretionary()
        self.assertEqual(d[0xC0][0] & 0x7C, 0x7C)
        self.assertEqual(d[0xC1], bytes.fromhex("010800002000"))
        self.assertEqual(d[0xC4], bytes.fromhex("007F7F7F030003"))
        with open(os.path.join(FIXTURES["rsa"], "created")) as f:
            created = int(f.read())
        fprs = b"".join(fingerprint(private_key("rsa", s), created, s == "dec") for s in ("sig", "dec", "aut"))
        self.assertEqual(d[0xC5], fprs)
        self.assertEqual(d[0xCD], created.to_bytes(4, "big") * 3)
        self.assertEqual(d[0xDE], bytes.fromhex("010202020302"))  # all three imported

    def test_cardholder_data_and_put_data_need_pw3(self):
        self.assertEqual(dict(parse_tlv(self.get(0x65)))[0x5F2D], b"en")
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0x5B, b"Card<<Holder")), 0x6982)
        self.assertEqual(self.verify(0x83, PW3), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0x5B, b"Card<<Holder")), 0x9000)
        self.assertEqual(dict(parse_tlv(self.get(0x65)))[0x5B], b"Card<<Holder")
        self.assertEqual(self.sw(apdu(0, 0xDA, 0x5F, 0x50, b"https://example.test/k")), 0x9000)
        self.assertEqual(self.get(0x5F50), b"https://example.test/k")
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0xC7, b"\x01" * 19)), 0x6700)  # fingerprints are 20 bytes
        self.assertEqual(self.sw("00CA00C700"), 0x6A88)  # write-only

    def test_private_use_dos_access(self):
        self.assertEqual(self.sw("00CA010300"), 0x6982)
        self.assertEqual(self.sw(apdu(0, 0xDA, 1, 3, b"secret")), 0x6982)
        self.assertEqual(self.verify(0x82, PW1), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0xDA, 1, 3, b"secret")), 0x9000)
        self.assertEqual(self.get(0x0103), b"secret")

    def test_three_certificates_by_select_data(self):
        with open(os.path.join(FIXTURES["rsa"], "aut.crt"), "rb") as f:
            der = x509.load_pem_x509_certificate(f.read()).public_bytes(serialization.Encoding.DER)
        self.assertEqual(self.get(0x7F21), der)  # occurrence 0: the AUT key's
        # Short Le: the rest by GET RESPONSE; an extended Le: in one piece.
        resp = self.card.process(apdu(0, 0xCA, 0x7F, 0x21, le=0, extended=True))
        self.assertEqual(resp, der + b"\x90\x00")
        self.assertEqual(self.verify(0x83, PW3), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0xA5, 2, 4, bytes.fromhex("60045C027F21"))), 0x9000)
        self.assertEqual(self.get(0x7F21), b"")  # SIG has none yet
        self.assertEqual(self.sw(apdu(0, 0xDA, 0x7F, 0x21, b"\x30\x03\x02\x01\x05")), 0x9000)
        self.assertEqual(self.get(0x7F21), b"\x30\x03\x02\x01\x05")
        self.assertEqual(self.sw(apdu(0, 0xA5, 0, 4, bytes.fromhex("5C027F21"))), 0x9000)
        self.assertEqual(self.get(0x7F21), der)
        self.assertEqual(self.sw(apdu(0, 0xA5, 3, 4, bytes.fromhex("5C027F21"))), 0x6A86)

    def test_algorithm_information_lists_every_slot(self):
        tags = [t for t, _ in parse_tlv(self.get(0xFA))]
        self.assertEqual(sorted(set(tags)), [0xC1, 0xC2, 0xC3])
        self.assertEqual(len(tags), 9)


class Passwords(CardTest):
    def test_verify_counts_down_blocks_and_a_good_one_resets(self):
        self.assertEqual(self.sw("00200081"), 0x63C3)   # status: not verified, 3 left
        self.assertEqual(self.verify(0x81, b"999999"), 0x63C2)
        self.assertEqual(self.pw_status()[4], 2)
        self.assertEqual(self.verify(0x82, b"999999"), 0x63C1)  # 81 and 82 share PW1's counter
        self.assertEqual(self.verify(0x81, PW1), 0x9000)
        self.assertEqual(self.pw_status()[4], 3)
        self.assertEqual(self.sw("00200081"), 0x9000)         # status: verified
        for left in (0x63C2, 0x63C1, 0x6983):
            self.assertEqual(self.verify(0x82, b"999999"), left)
        self.assertEqual(self.verify(0x82, PW1), 0x6983)       # blocked: even the right one
        self.assertEqual(self.pw_status()[4:], bytes([0, 0, 3]))  # PW3 untouched
        self.assertEqual(self.verify(0x83, b"87654321"), 0x63C2)

    def test_unblock_with_pw3_and_with_resetting_code(self):
        for _ in range(3):
            self.verify(0x81, b"999999")
        self.assertEqual(self.sw(apdu(0, 0x2C, 2, 0x81, b"654321")), 0x6982)
        self.assertEqual(self.verify(0x83, PW3), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0x2C, 2, 0x81, b"12345")), 0x6A80)  # too short
        self.assertEqual(self.sw(apdu(0, 0x2C, 2, 0x81, b"654321")), 0x9000)
        self.assertEqual(self.verify(0x81, b"654321"), 0x9000)
        # A resetting code set by PW3; then RC || new PW1 without PW3.
        self.assertEqual(self.sw(apdu(0, 0x2C, 0, 0x81, b"rcrcrcrc" + PW1)), 0x6982)  # no RC yet
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0xD3, b"rcrcrcrc")), 0x9000)
        self.assertEqual(self.pw_status()[5], 3)
        self.card.power_cycle()
        self.sw(SELECT)
        self.assertEqual(self.sw(apdu(0, 0x2C, 0, 0x81, b"wrongrc!" + PW1)), 0x63C2)
        self.assertEqual(self.sw(apdu(0, 0x2C, 0, 0x81, b"rcrcrcrc" + PW1)), 0x9000)
        self.assertEqual(self.verify(0x82, PW1), 0x9000)

    def test_change_reference_data(self):
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x81, b"000000" + b"654321")), 0x63C2)
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x81, PW1 + b"65432")), 0x6A80)
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x81, PW1 + b"654321")), 0x9000)
        self.assertEqual(self.verify(0x82, PW1), 0x63C2)
        self.assertEqual(self.verify(0x82, b"654321"), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x83, PW3 + b"87654321")), 0x9000)
        self.assertEqual(self.verify(0x83, b"87654321"), 0x9000)

    def test_counters_and_passwords_survive_a_restart(self):
        self.verify(0x81, b"999999")
        self.sw(apdu(0, 0x24, 0, 0x81, PW1 + b"654321"))
        again = Card.load(None, self.state)  # the state wins over provisioning
        self.assertEqual(again.st.tries["pw1"], 3)
        self.assertEqual(again.st.secrets["pw1"], b"654321")
        self.assertEqual(again.st.serial, bytes.fromhex("0000CAFE"))

    def test_verify_ff_resets_the_access_status(self):
        self.assertEqual(self.verify(0x82, PW1), 0x9000)
        self.assertEqual(self.sw("0020FF82"), 0x9000)
        self.assertEqual(self.sw("00200082"), 0x63C3)


class Signatures(CardTest):
    def digest_info(self, message):
        return SHA256_PREFIX + hashlib.sha256(message).digest()

    def check_rsa(self, sig, message, slot="sig"):
        private_key("rsa", slot).public_key().verify(sig, message, padding.PKCS1v15(), hashes.SHA256())

    def test_pw1_valid_for_one_signature_and_the_counter(self):
        self.assertEqual(self.pw_status()[0], 0x00)
        self.assertEqual(self.cds(self.digest_info(b"one"))[1], 0x6982)
        self.assertEqual(self.verify(0x82, PW1), 0x9000)
        self.assertEqual(self.cds(self.digest_info(b"one"))[1], 0x6982)  # 82 is not 81
        self.assertEqual(self.verify(0x81, PW1), 0x9000)
        sig, sw = self.cds(self.digest_info(b"one"))
        self.assertEqual(sw, 0x9000)
        self.check_rsa(sig, b"one")
        self.assertEqual(self.counter(), 1)
        self.assertEqual(self.cds(self.digest_info(b"two"))[1], 0x6982)   # spent
        self.assertEqual(self.sw("00200081"), 0x63C3)
        self.assertEqual(self.counter(), 1)                                # a refused one does not count
        # PW1 for several signatures (C4 byte 1 = 01, written with PW3).
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0xC4, b"\x01")), 0x6982)
        self.assertEqual(self.verify(0x83, PW3), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0xC4, b"\x01")), 0x9000)
        self.assertEqual(self.pw_status()[0], 0x01)
        self.assertEqual(self.verify(0x81, PW1), 0x9000)
        for i in range(2):
            self.assertEqual(self.cds(self.digest_info(b"more"))[1], 0x9000)
        self.assertEqual(self.counter(), 3)

    def test_digest_info_too_long_for_the_key(self):
        self.verify(0x81, PW1)
        self.assertEqual(self.cds(b"\x00" * 103)[1], 0x6700)  # more than 40 % of 256 bytes

    def test_chained_and_extended_apdus(self):
        self.verify(0x81, PW1)
        body = self.digest_info(b"chained")
        self.assertEqual(self.sw(apdu(0x10, 0x2A, 0x9E, 0x9A, body[:20])), 0x9000)
        sig, sw = self.cds(body[20:])
        self.assertEqual(sw, 0x9000)
        self.check_rsa(sig, b"chained")
        self.verify(0x81, PW1)
        resp = self.card.process(apdu(0, 0x2A, 0x9E, 0x9A, self.digest_info(b"ext"), le=0, extended=True))
        self.assertEqual(resp[-2:], b"\x90\x00")
        self.check_rsa(resp[:-2], b"ext")
        # A long PUT DATA in segments.
        self.verify(0x83, PW3)
        blob = bytes(range(256)) * 4
        for i in range(0, len(blob) - 200, 200):
            self.assertEqual(self.sw(apdu(0x10, 0xDA, 0x7F, 0x21, blob[i:i + 200])), 0x9000)
        self.assertEqual(self.sw(apdu(0, 0xDA, 0x7F, 0x21, blob[1000:])), 0x9000)
        self.assertEqual(self.get(0x7F21), blob)
        self.assertEqual(self.sw(apdu(0x10, 0xCA, 0, 0x6E)), 0x6884)  # GET DATA does not chain

    def test_internal_authenticate_and_decipher(self):
        challenge = self.digest_info(b"login")
        self.assertEqual(self.send(apdu(0, 0x88, 0, 0, challenge, le=0))[1], 0x6982)
        self.verify(0x82, PW1)
        sig, sw = self.send(apdu(0, 0x88, 0, 0, challenge, le=0))
        self.assertEqual(sw, 0x9000)
        self.check_rsa(sig, b"login", "aut")
        secret = os.urandom(32)
        cryptogram = private_key("rsa", "dec").public_key().encrypt(secret, padding.PKCS1v15())
        data, sw = self.send(apdu(0, 0x2A, 0x80, 0x86, b"\x00" + cryptogram, le=0, extended=True))
        self.assertEqual((data, sw), (secret, 0x9000))
        self.assertEqual(self.sw(apdu(0, 0x2A, 0x80, 0x86, b"\x02" + cryptogram, extended=True)), 0x6A80)
        self.assertEqual(self.counter(), 0)  # only PSO:CDS counts

    def test_generate_needs_pw3_resets_counter_and_reads_back(self):
        self.verify(0x81, PW1)
        self.cds(self.digest_info(b"x"))
        self.assertEqual(self.counter(), 1)
        self.assertEqual(self.sw("0047800002B60000"), 0x6982)
        self.verify(0x83, PW3)
        self.sw(apdu(0, 0xDA, 0, 0xC1, bytes.fromhex("132A8648CE3D030107")))  # sig: ECDSA P-256
        self.assertEqual(self.discretionary()[0xDE][:2], b"\x01\x00")      # the RSA key is gone
        generated, sw = self.send("0047800002B60000")
        self.assertEqual(sw, 0x9000)
        self.assertEqual(self.send("0047810002B60000"), (generated, 0x9000))
        point = dict(parse_tlv(dict(parse_tlv(generated))[0x7F49]))[0x86]
        pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        self.assertEqual(self.counter(), 0)
        self.assertEqual(self.discretionary()[0xDE][:2], b"\x01\x01")      # generated
        self.assertEqual(self.discretionary()[0xC5][:20], bytes(20))       # the host writes it
        self.verify(0x81, PW1)
        digest = hashlib.sha256(b"p256").digest()
        sig, sw = self.cds(digest)
        self.assertEqual((len(sig), sw), (64, 0x9000))
        pub.verify(utils.encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")),
                   b"p256", ec.ECDSA(hashes.SHA256()))
        self.assertEqual(self.sw(apdu(0, 0xDA, 0, 0xC1, bytes.fromhex("01100000200000"))), 0x6A80)  # RSA-4096: no

    def test_key_import(self):
        self.verify(0x83, PW3)
        key = ec.generate_private_key(ec.SECP256R1())
        self.sw(apdu(0, 0xDA, 0, 0xC3, bytes.fromhex("132A8648CE3D030107")))
        secret = key.private_numbers().private_value.to_bytes(32, "big")
        header = tlv(0xA4) + tlv(0x7F48, b"\x92\x20") + tlv(0x5F48, secret)
        self.assertEqual(self.sw(apdu(0, 0xDB, 0x3F, 0xFF, tlv(0x4D, header))), 0x9000)
        self.assertEqual(self.discretionary()[0xDE][4:], b"\x03\x02")
        point = dict(parse_tlv(dict(parse_tlv(self.send("0047810002A40000")[0]))[0x7F49]))[0x86]
        self.assertEqual(point, key.public_key().public_bytes(serialization.Encoding.X962,
                                                              serialization.PublicFormat.UncompressedPoint))


class EllipticCurves(CardTest):
    algo = "p256"

    def test_ecdsa_and_ecdh(self):
        self.verify(0x81, PW1)
        sig, sw = self.cds(hashlib.sha256(b"m").digest())
        self.assertEqual(sw, 0x9000)
        der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
        private_key("p256", "sig").public_key().verify(der, b"m", ec.ECDSA(hashes.SHA256()))
        self.assertEqual(self.cds(b"\x01" * 31)[1], 0x6982)  # PW1 spent
        self.verify(0x81, PW1)
        self.assertEqual(self.cds(b"\x01" * 31)[1], 0x6700)  # not a hash length
        peer = ec.generate_private_key(ec.SECP256R1())
        point = peer.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
        self.verify(0x82, PW1)
        data, sw = self.send(apdu(0, 0x2A, 0x80, 0x86, tlv(0xA6, tlv(0x7F49, tlv(0x86, point))), le=0))
        self.assertEqual(sw, 0x9000)
        self.assertEqual(data, peer.exchange(ec.ECDH(), private_key("p256", "dec").public_key()))
        self.assertEqual(self.sw(apdu(0, 0x2A, 0x80, 0x86, tlv(0xA6, tlv(0x86, point)))), 0x6A80)


class Curve25519(CardTest):
    algo = "25519"

    def test_eddsa_and_x25519(self):
        self.verify(0x81, PW1)
        sig, sw = self.cds(b"any message")
        self.assertEqual(sw, 0x9000)
        private_key("25519", "sig").public_key().verify(sig, b"any message")
        self.assertEqual(self.discretionary()[0xC2][0], 0x12)
        peer = x25519.X25519PrivateKey.generate()
        raw = peer.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.verify(0x82, PW1)
        data, sw = self.send(apdu(0, 0x2A, 0x80, 0x86, tlv(0xA6, tlv(0x7F49, tlv(0x86, raw))), le=0))
        self.assertEqual((data, sw), (peer.exchange(private_key("25519", "dec").public_key()), 0x9000))


class LifeCycle(CardTest):
    def test_terminate_needs_pw3_and_activate_resets(self):
        self.assertEqual(self.sw("00E60000"), 0x6982)
        self.verify(0x83, PW3)
        self.assertEqual(self.sw("00E60000"), 0x9000)
        self.assertEqual(self.sw(SELECT), 0x6285)
        self.assertEqual(self.sw("00CA006E00"), 0x6285)
        self.assertEqual(self.sw("00440000"), 0x9000)
        self.assertEqual(self.sw(SELECT), 0x9000)
        self.assertEqual(self.discretionary()[0xDE], bytes.fromhex("010002000300"))  # no keys
        self.assertEqual(self.verify(0x83, PW3), 0x9000)  # factory PW3
        self.assertEqual(self.get(0x4F)[10:14], bytes.fromhex("0000CAFE"))  # same serial

    def test_get_challenge(self):
        a, sw = self.send("0084000010")
        self.assertEqual((len(a), sw), (16, 0x9000))
        self.assertNotEqual(a, self.send("0084000010")[0])
        self.assertEqual(self.sw(apdu(0, 0x84, 0, 0, le=0x200, extended=True)), 0x6700)


class OverSocket(unittest.TestCase):
    """openpgp_card.py through the shared vpcd transport: ATR and one APDU."""

    def test_atr_and_select(self):
        with socket.create_server(("127.0.0.1", 0)) as server:
            server.settimeout(20)
            with subprocess.Popen([sys.executable, os.path.join(HERE, "openpgp_card.py"), "--provision",
                                   FIXTURES["rsa"], "--port", str(server.getsockname()[1])]) as proc:
                try:
                    conn, _ = server.accept()
                    conn.settimeout(20)
                    self.assertEqual(vpcd_exchange(conn, b"\x04"), ATR)
                    self.assertEqual(vpcd_exchange(conn, bytes.fromhex(SELECT + "00"))[-2:], b"\x90\x00")
                    conn.close()  # vpcd gone: the card ends by itself
                    self.assertEqual(proc.wait(timeout=5), 0)
                finally:
                    proc.kill()  # a failed check must not leave the card waiting for vpcd


if __name__ == "__main__":
    unittest.main()
