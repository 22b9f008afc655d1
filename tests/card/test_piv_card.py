#!/usr/bin/python3
"""Unit tests of the virtual PIV card, without pcscd: the applet in-process, and piv_card.py
against a fake vpcd socket (framing, control bytes, removal by SIGUSR1, the APDU log).

    /usr/bin/python3 tests/card/test_piv_card.py [-v]
"""

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils  # noqa: E402
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # noqa: E402

from card_client import apdu, transmit, vpcd_exchange  # noqa: E402
from piv_applet import ATR, Card  # noqa: E402
from piv_data import DEFAULT_MGMT_KEY, parse_tlv, tlv  # noqa: E402

FIXTURE = None
_tmp = None
PIN = b"123456\xff\xff"
SELECT = "00A4040009A00000030800001000"


def setUpModule():
    global FIXTURE, _tmp
    _tmp = tempfile.TemporaryDirectory()
    FIXTURE = os.path.join(_tmp.name, "fx")
    subprocess.run([sys.executable, os.path.join(HERE, "make_fixture.py"), FIXTURE, "--retired", "1"],
                   check=True)


def tearDownModule():
    _tmp.cleanup()


def cert(slot):
    with open(os.path.join(FIXTURE, f"{slot}.crt"), "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


class CardTest(unittest.TestCase):
    def setUp(self, **kw):
        self.card = Card.load(FIXTURE, None, **kw)

    def send(self, raw):
        return transmit(self.card, raw)

    def sw(self, raw):
        return self.send(raw)[1]

    def verify(self, pin=PIN):
        return self.sw(apdu(0, 0x20, 0, 0x80, pin))

    def auth(self, alg, key, inner, chained=False):
        body = tlv(0x7C, inner)
        first = 10 if chained else 255  # chained=True forces a chain even for short bodies
        while len(body) > first:  # CLA 10 segments, then the last one with CLA 00
            self.assertEqual(self.sw(apdu(0x10, 0x87, alg, key, body[:first])), 0x9000)
            body, first = body[first:], 255
        data, sw = self.send(apdu(0, 0x87, alg, key, body, le=0))
        if sw != 0x9000 or not data:
            return None, sw
        (tag, value), = parse_tlv(data)
        return dict(parse_tlv(value)), sw


class Selection(CardTest):
    def test_atr_is_t1_with_valid_tck(self):
        tck = 0
        for b in ATR[1:]:
            tck ^= b
        self.assertEqual(tck, 0)
        self.assertEqual(ATR[0], 0x3B)

    def test_select_full_and_truncated_aid(self):
        for aid in ("A000000308000010000100", "A00000030800001000", "A000000308"):
            data, sw = self.send(f"00A40400{len(aid) // 2:02X}{aid}00")
            self.assertEqual(sw, 0x9000)
            (tag, value), = parse_tlv(data)
            self.assertEqual(tag, 0x61)
            fields = dict(parse_tlv(value))
            self.assertEqual(fields[0x4F], bytes.fromhex("000010000100"))
            self.assertEqual(dict(parse_tlv(fields[0x79]))[0x4F], bytes.fromhex("A000000308"))
            self.assertIn(0x50, fields)
            self.assertIn(tlv(0x80, b"\x07"), fields[0xAC])

    def test_other_aids_and_file_selects_are_not_found(self):
        self.assertEqual(self.sw("00A4040006A00000000101"), 0x6A82)
        self.assertEqual(self.sw("00A4040004A0000003"), 0x6A82)
        self.assertEqual(self.sw("00A40000023F00"), 0x6A82)

    def test_commands_need_selection_and_unknown_ones_fail(self):
        self.assertEqual(self.sw("00CB3FFF035C017E00"), 0x6985)
        self.sw(SELECT)
        self.assertEqual(self.sw("00FD000000"), 0x6D00)
        self.assertEqual(self.sw("80CA9F7F00"), 0x6E00)


class Data(CardTest):
    def setUp(self):
        super().setUp()
        self.sw(SELECT)

    def test_certificate_container_over_get_response(self):
        data, sw = self.send("00CB3FFF055C035FC10500")
        self.assertEqual(sw, 0x9000)
        (tag, value), = parse_tlv(data)
        self.assertEqual(tag, 0x53)
        fields = dict(parse_tlv(value))
        self.assertEqual(x509.load_der_x509_certificate(fields[0x70]), cert("9a"))
        self.assertEqual(fields[0x71], b"\x00")

    def test_short_le_gives_61xx_not_6c(self):
        resp = self.card.process(bytes.fromhex("00CB3FFF055C035FC10208"))
        self.assertEqual(len(resp), 10)
        self.assertEqual(resp[-2], 0x61)

    def test_discovery_chuid_and_missing_objects(self):
        data, _ = self.send("00CB3FFF035C017E00")
        self.assertEqual(data[0], 0x7E)
        data, _ = self.send("00CB3FFF055C035FC10200")
        chuid = dict(parse_tlv(parse_tlv(data)[0][1]))
        self.assertEqual(len(chuid[0x30]), 25)
        self.assertEqual(len(chuid[0x34]), 16)
        self.assertEqual(self.sw("00CB3FFF055C035FC10C00"), 0x9000)  # key history: retired 82
        self.assertEqual(self.sw("00CB3FFF055C035FC10E00"), 0x6A82)  # retired 83 absent
        self.assertEqual(self.sw("00CB3FFF055C035FC10900"), 0x6982)  # printed info: PIN

    def test_put_data_needs_management_key_then_round_trips(self):
        put = tlv(0x5C, bytes.fromhex("5FFF01")) + tlv(0x53, b"x" * 300)
        self.assertEqual(self.sw(apdu(0, 0xDB, 0x3F, 0xFF, put[:200])), 0x6982)
        self.assertTrue(mgmt_mutual_auth(self, DEFAULT_MGMT_KEY, 0x03))
        self.assertEqual(self.sw(apdu(0x10, 0xDB, 0x3F, 0xFF, put[:200])), 0x9000)
        self.assertEqual(self.sw(apdu(0x00, 0xDB, 0x3F, 0xFF, put[200:])), 0x9000)
        data, sw = self.send("00CB3FFF055C035FFF0100")
        self.assertEqual((data, sw), (tlv(0x53, b"x" * 300), 0x9000))


def mgmt_mutual_auth(t, key, alg):
    cipher = algorithms.TripleDES(key) if alg == 0x03 else algorithms.AES(key)
    bs = 8 if alg == 0x03 else 16
    fields, sw = t.auth(alg, 0x9B, tlv(0x80))
    dec = Cipher(cipher, modes.ECB()).decryptor()
    witness = dec.update(fields[0x80]) + dec.finalize()
    challenge = os.urandom(bs)
    fields, sw = t.auth(alg, 0x9B, tlv(0x80, witness) + tlv(0x81, challenge) + tlv(0x82))
    if sw != 0x9000:
        return False
    enc = Cipher(cipher, modes.ECB()).encryptor()
    return fields[0x82] == enc.update(challenge) + enc.finalize()


class Pin(CardTest):
    def setUp(self):
        super().setUp()
        self.sw(SELECT)

    def test_verify_status_and_counter(self):
        self.assertEqual(self.sw("0020008000"), 0x63C3)
        self.assertEqual(self.verify(b"654321\xff\xff"), 0x63C2)
        self.assertEqual(self.sw("0020008000"), 0x63C2)
        self.assertEqual(self.verify(), 0x9000)
        self.assertEqual(self.sw("0020008000"), 0x9000)
        self.assertEqual(self.sw("00200080"), 0x9000)  # case 1, no Lc
        self.assertEqual(self.sw("0020FF80"), 0x9000)       # P1 FF: log out
        self.assertEqual(self.sw("0020008000"), 0x63C3)

    def test_block_and_unblock_with_puk(self):
        for left in (2, 1):
            self.assertEqual(self.verify(b"000000\xff\xff"), 0x63C0 | left)
        self.assertEqual(self.verify(b"000000\xff\xff"), 0x6983)
        self.assertEqual(self.verify(), 0x6983)
        self.assertEqual(self.sw("0020008000"), 0x6983)
        self.assertEqual(self.sw(apdu(0, 0x2C, 0, 0x80, b"87654321" + b"111111\xff\xff")), 0x63C2)
        self.assertEqual(self.sw(apdu(0, 0x2C, 0, 0x80, b"12345678" + b"111111\xff\xff")), 0x9000)
        self.assertEqual(self.verify(b"111111\xff\xff"), 0x9000)

    def test_change_pin(self):
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x80, PIN + b"12ab\xff\xff\xff\xff")), 0x6A80)
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x80, b"999999\xff\xff" + b"24681357")), 0x63C2)
        self.assertEqual(self.sw(apdu(0, 0x24, 0, 0x80, PIN + b"24681357")), 0x9000)
        self.assertEqual(self.verify(b"24681357"), 0x9000)

    def test_power_cycle_clears_pin(self):
        self.verify()
        self.card.power_cycle()
        self.sw(SELECT)
        self.assertEqual(self.sw("0020008000"), 0x63C3)


class Keys(CardTest):
    def setUp(self):
        super().setUp()
        self.sw(SELECT)

    def test_9a_rsa_needs_pin_and_signs(self):
        digest = hashes.Hash(hashes.SHA256())
        digest.update(b"hello")
        h = digest.finalize()
        # PKCS#1 v1.5 block with the SHA-256 DigestInfo, built by the host as PIV requires.
        info = bytes.fromhex("3031300d060960864801650304020105000420") + h
        block = b"\x00\x01" + b"\xff" * (256 - 3 - len(info)) + b"\x00" + info
        self.assertEqual(self.auth(0x07, 0x9A, tlv(0x82) + tlv(0x81, block))[1], 0x6982)
        self.verify()
        self.sw("00CB3FFF035C017E00")  # 9A needs the PIN only once
        fields, sw = self.auth(0x07, 0x9A, tlv(0x82) + tlv(0x81, block), chained=True)
        self.assertEqual(sw, 0x9000)
        cert("9a").public_key().verify(fields[0x82], b"hello", padding.PKCS1v15(), hashes.SHA256())

    def test_9c_is_pin_always(self):
        h = os.urandom(32)
        ask = tlv(0x82) + tlv(0x81, h)
        self.verify()
        self.sw("00CB3FFF035C017E00")  # anything in between clears it
        self.assertEqual(self.auth(0x11, 0x9C, ask)[1], 0x6982)
        self.verify()
        fields, sw = self.auth(0x11, 0x9C, ask, chained=True)  # chain segments are one command
        self.assertEqual(sw, 0x9000)
        cert("9c").public_key().verify(fields[0x82], h, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        self.assertEqual(self.auth(0x11, 0x9C, ask)[1], 0x6982)  # once per VERIFY
        self.verify()
        self.card.process(bytes.fromhex("0020008000"))  # an empty VERIFY is not a VERIFY of the PIN
        self.assertEqual(self.auth(0x11, 0x9C, ask)[1], 0x6982)
        self.verify()
        self.assertEqual(self.sw("00"), 0x6700)  # nor is a malformed APDU
        self.assertEqual(self.auth(0x11, 0x9C, ask)[1], 0x6982)

    def test_9e_needs_no_pin_and_wrong_alg_or_length_fails(self):
        fields, sw = self.auth(0x11, 0x9E, tlv(0x82) + tlv(0x81, bytes(32)))
        self.assertEqual(sw, 0x9000)
        self.assertEqual(self.auth(0x07, 0x9E, tlv(0x82) + tlv(0x81, bytes(32)))[1], 0x6A86)
        self.assertEqual(self.auth(0x11, 0x9E, tlv(0x82) + tlv(0x81, bytes(20)))[1], 0x6A80)

    def test_ecdh_with_retired_key(self):
        peer = ec.generate_private_key(ec.SECP256R1())
        point = peer.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.verify()
        fields, sw = self.auth(0x11, 0x82, tlv(0x82) + tlv(0x85, point))
        self.assertEqual(sw, 0x9000)
        self.assertEqual(fields[0x82], peer.exchange(ec.ECDH(), cert("82").public_key()))

    def test_management_key_external_auth_and_generate(self):
        body = tlv(0xAC, tlv(0x80, b"\x11"))
        self.assertEqual(self.sw(apdu(0, 0x47, 0, 0x9D, body, 0)), 0x6982)
        fields, _ = self.auth(0x03, 0x9B, tlv(0x81))
        enc = Cipher(algorithms.TripleDES(DEFAULT_MGMT_KEY), modes.ECB()).encryptor()
        self.assertEqual(self.auth(0x03, 0x9B, tlv(0x82, bytes(8)))[1], 0x6982)  # challenge gone
        fields, _ = self.auth(0x03, 0x9B, tlv(0x81))
        resp = enc.update(fields[0x81]) + enc.finalize()
        self.assertEqual(self.auth(0x03, 0x9B, tlv(0x82, resp))[1], 0x9000)
        data, sw = self.send(apdu(0, 0x47, 0, 0x9D, body, 0))
        self.assertEqual(sw, 0x9000)
        pub = dict(parse_tlv(parse_tlv(data)[0][1]))[0x86]
        self.verify()
        fields, sw = self.auth(0x11, 0x9D, tlv(0x82) + tlv(0x81, bytes(32)))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), pub)
        key.verify(fields[0x82], bytes(32), ec.ECDSA(utils.Prehashed(hashes.SHA256())))

    def test_generate_p384_and_sign(self):
        self.assertTrue(mgmt_mutual_auth(self, DEFAULT_MGMT_KEY, 0x03))
        data, sw = self.send(apdu(0, 0x47, 0, 0x9E, tlv(0xAC, tlv(0x80, b"\x14")), 0))
        pub = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP384R1(), dict(parse_tlv(parse_tlv(data)[0][1]))[0x86])
        h = os.urandom(48)
        self.assertEqual(self.auth(0x14, 0x9E, tlv(0x82) + tlv(0x81, h[:32]))[1], 0x6A80)
        fields, sw = self.auth(0x14, 0x9E, tlv(0x82) + tlv(0x81, h))
        pub.verify(fields[0x82], h, ec.ECDSA(utils.Prehashed(hashes.SHA384())))

    def test_rsa_generate_response_uses_get_response(self):
        self.assertTrue(mgmt_mutual_auth(self, DEFAULT_MGMT_KEY, 0x03))
        resp = self.card.process(apdu(0, 0x47, 0, 0x9A, tlv(0xAC, tlv(0x80, b"\x07")), 0))
        self.assertEqual(resp[-2], 0x61)


class OnlySomeSlots(unittest.TestCase):
    """make_fixture.py --slots 9a: the other slots are empty, as on a real card."""

    def test_empty_slots_answer_not_found(self):
        with tempfile.TemporaryDirectory() as d:
            fx = os.path.join(d, "fx")
            subprocess.run([sys.executable, os.path.join(HERE, "make_fixture.py"), fx, "--slots", "9a"], check=True)
            self.assertEqual(sorted(f for f in os.listdir(fx) if f.startswith("9")), ["9a.crt", "9a.key"])
            t = CardTest()
            t.card = Card.load(fx, None)
            t.sw(SELECT)
            t.verify()
            self.assertEqual(t.sw("00CB3FFF055C035FC10500"), 0x9000)  # 9A's certificate
            for tag in ("5FC10A", "5FC10B", "5FC101"):  # 9C, 9D, 9E: no certificate object
                self.assertEqual(t.sw("00CB3FFF055C03" + tag + "00"), 0x6A82, tag)
            self.assertEqual(t.sw("00CB3FFF055C035FC10C00"), 0x6A82)  # no key history either
            # No key in 9D: referenced data not found.
            self.assertEqual(t.auth(0x07, 0x9D, tlv(0x82) + tlv(0x81, bytes(256)))[1], 0x6A88)
            self.assertEqual(t.auth(0x07, 0x9A, tlv(0x82) + tlv(0x81, b"\x00\x01" + bytes(254)))[1], 0x9000)


class AesManagementKeyAndState(unittest.TestCase):
    def test_aes_key_and_state_survive_restart(self):
        with tempfile.TemporaryDirectory() as d:
            fx = os.path.join(d, "fx")
            subprocess.run([sys.executable, os.path.join(HERE, "make_fixture.py"), fx], check=True)
            key = os.urandom(32)
            with open(os.path.join(fx, "mgmt"), "w") as f:
                f.write(f"0C {key.hex()}\n")
            state = os.path.join(d, "state.json")
            t = CardTest()
            t.card = Card.load(fx, state)
            t.sw(SELECT)
            self.assertFalse(mgmt_mutual_auth(t, DEFAULT_MGMT_KEY[:16] * 2, 0x0C))
            self.assertTrue(mgmt_mutual_auth(t, key, 0x0C))
            t.verify(b"000000\xff\xff")
            with open(state) as f:
                self.assertEqual(json.load(f)["pin_tries"], 2)
            t.card = Card.load(fx, state)  # a restarted card
            t.sw(SELECT)
            self.assertEqual(t.sw("0020008000"), 0x63C2)


class Quirks(CardTest):
    def setUp(self):
        super().setUp(quirks=["6c", "630x", "no-empty-verify", "select-logout"])
        self.sw(SELECT)

    def test_quirks(self):
        self.assertEqual(self.card.process(bytes.fromhex("00CB3FFF055C035FC10208"))[0], 0x6C)
        self.assertEqual(self.verify(b"000000\xff\xff"), 0x6302)
        self.verify()
        self.assertEqual(self.sw("0020008000"), 0x6303)
        self.sw(SELECT)
        self.assertEqual(self.auth(0x07, 0x9A, tlv(0x82) + tlv(0x81, bytes(256)))[1], 0x6982)


class NoExtended(CardTest):
    def setUp(self):
        super().setUp(quirks=["no-extended"])

    def test_extended_apdus_are_refused_short_ones_work(self):
        ext_select = "00A40400" + "000009" + "A00000030800001000" + "0000"
        self.assertEqual(self.sw(ext_select), 0x6700)
        self.assertEqual(self.sw(SELECT), 0x9000)
        self.assertEqual(self.sw("00CB3FFF" + "000005" + "5C035FC102" + "0000"), 0x6700)
        data, sw = self.send("00CB3FFF055C035FC10200")
        self.assertEqual(sw, 0x9000)
        self.assertTrue(data.startswith(b"\x53"))


class OverSocket(unittest.TestCase):
    """piv_card.py against a fake vpcd: 2-byte length framing, control bytes, SIGUSR1."""

    def test_vpcd_protocol_and_removal(self):
        server = socket.create_server(("127.0.0.1", 0))
        server.settimeout(20)  # a card that never connects fails the test, not the time limit
        port = server.getsockname()[1]
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "apdu.log")
            proc = subprocess.Popen([sys.executable, os.path.join(HERE, "piv_card.py"),
                                     "--provision", FIXTURE, "--port", str(port), "--log", log])
            try:
                conn, _ = server.accept()
                conn.settimeout(20)

                def exchange(msg, reply=True):
                    return vpcd_exchange(conn, msg, reply)

                self.assertEqual(exchange(b"\x04"), ATR)
                exchange(b"\x01", reply=False)
                self.assertEqual(exchange(bytes.fromhex(SELECT + "00"))[-2:], b"\x90\x00")
                exchange(b"\x02", reply=False)  # reset: deselects
                self.assertEqual(exchange(bytes.fromhex("00CB3FFF035C017E00")), b"\x69\x85")
                proc.send_signal(signal.SIGUSR1)  # removal closes the connection
                self.assertEqual(conn.recv(1), b"")
                conn.close()
                proc.send_signal(signal.SIGUSR1)  # re-insertion connects again
                conn, _ = server.accept()
                conn.settimeout(20)
                self.assertEqual(exchange(b"\x04"), ATR)
                conn.close()  # vpcd gone: the card ends
                self.assertEqual(proc.wait(timeout=5), 0)
                with open(log) as f:
                    self.assertEqual(sum(line.startswith(">") for line in f), 2)
            finally:
                proc.kill()
                proc.wait()
                server.close()

    def test_reconnect_after_vpcd_restart(self):
        server = socket.create_server(("127.0.0.1", 0))
        port = server.getsockname()[1]
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "piv_card.py"),
                                 "--provision", FIXTURE, "--port", str(port), "--reconnect"])
        server.settimeout(20)
        try:
            conn, _ = server.accept()
            conn.close()  # pcscd stopped: the card waits for the reader to come back
            server.close()
            time.sleep(0.3)
            self.assertIsNone(proc.poll())
            server = socket.create_server(("127.0.0.1", port))  # pcscd started again
            server.settimeout(10)
            conn, _ = server.accept()
            conn.sendall(b"\x00\x01\x04")  # GET ATR: the card answers as a freshly inserted one
            n = struct.unpack(">H", conn.recv(2, socket.MSG_WAITALL))[0]
            self.assertEqual(conn.recv(n, socket.MSG_WAITALL), ATR)
            conn.close()
        finally:
            proc.kill()
            proc.wait()
            server.close()


if __name__ == "__main__":
    unittest.main()
