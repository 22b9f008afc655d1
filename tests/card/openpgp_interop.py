#!/usr/bin/python3
"""GnuPG and libp11forge.so on the same OpenPGP card, both ways (PyKCS11 side of
test_openpgp_gpg_p11forge.sh).

    openpgp_interop.py verify MODULE READER DATA SIG
        gpg's detached v4 signature SIG over DATA, made with the card's signature key, checked by
        C_Verify with the token's public key object (CKA_ID 01) on the card in READER: the
        hash of DATA and the signature trailer (RFC 4880 5.2.4) computed here, the raw signature
        verified with CKM_RSA_PKCS on the DigestInfo, CKM_ECDSA on the hash or CKM_EDDSA on the
        hash.  Then the answers to a changed DATA (CKR_SIGNATURE_INVALID) and to a signature one
        byte short (CKR_SIGNATURE_LEN_RANGE).
    openpgp_interop.py sign MODULE READER PIN FIXTURE DATA OUT
        the reverse: the digest of a v4 binary signature over DATA signed by C_Sign with the
        card's signature key (a context-specific login when the key asks for one), wrapped into
        a signature packet in OUT for `gpg --verify OUT DATA`.  The issuer fingerprint comes
        from the fixture's key and creation time, not from the token.
    openpgp_interop.py fingerprint MODULE READER ID CREATED
        prints the OpenPGP v4 fingerprint of the token's public key ID (hex: 01, 02, 03)
        created at CREATED (8 hex digits), computed here; fails unless the key is CKA_LOCAL.
"""

import sys
import struct
import time

import PyKCS11
from PyKCS11 import (CKA_ALWAYS_AUTHENTICATE, CKA_CLASS, CKA_EC_PARAMS, CKA_ID, CKA_KEY_TYPE, CKA_PUBLIC_KEY_INFO, CKK_EC,
                     CKK_RSA, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKR_OK, CKR_SIGNATURE_INVALID,
                     CKR_SIGNATURE_LEN_RANGE, CKU_USER)
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import openpgp_packets as pgp  # noqa: E402

CKU_CONTEXT_SPECIFIC = 2
CKK_EC_EDWARDS, CKK_EC_MONTGOMERY = 0x40, 0x41
CKM_EDDSA = 0x1057
# DER prefixes of the DigestInfo for each hash (RFC 8017 9.2, note 1).
DIGEST_INFO = {
    "sha224": bytes.fromhex("302d300d06096086480165030402040500041c"),
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


def open_session(module, reader):
    lib = PyKCS11.PyKCS11Lib()
    lib.load(module)
    for slot in lib.getSlotList(tokenPresent=True):
        if reader in lib.getSlotInfo(slot).slotDescription:
            return lib.openSession(slot)
    sys.exit(f"no token in {reader}")


def key_type(session, key):
    return session.getAttributeValue(key, [CKA_KEY_TYPE])[0]


def field_size(session, key):
    """Bytes per r or s of an ECDSA key: from its curve's OID (P-256 is what the cards have)."""
    params = bytes(session.getAttributeValue(key, [CKA_EC_PARAMS])[0])
    sizes = {bytes.fromhex("06082a8648ce3d030107"): 32, bytes.fromhex("06052b81040022"): 48,
             bytes.fromhex("06052b81040023"): 66}
    return sizes[params]


def mechanism_and_input(session, key, algo, hash_name, digest):
    """What the token signs or verifies for an OpenPGP signature of this algorithm."""
    kind = key_type(session, key)
    if algo == pgp.PK_RSA and kind == CKK_RSA:
        return PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS), DIGEST_INFO[hash_name] + digest
    if algo == pgp.PK_ECDSA and kind == CKK_EC:
        return PyKCS11.Mechanism(PyKCS11.CKM_ECDSA), digest
    if algo == pgp.PK_EDDSA and kind == CKK_EC_EDWARDS:
        return PyKCS11.Mechanism(CKM_EDDSA), digest  # OpenPGP's EdDSA signs the digest
    sys.exit(f"OpenPGP algorithm {algo} and PKCS#11 key type {kind:#x} do not match")


def raw_signature(session, key, algo, mpis):
    """The signature as PKCS#11 has it: RSA's left-padded to the modulus, r‖s and R‖S each
    left-padded to the field size."""
    if algo == pgp.PK_RSA:
        size = (int.from_bytes(bytes(session.getAttributeValue(key, [PyKCS11.CKA_MODULUS])[0]), "big")
                .bit_length() + 7) // 8
        return mpis[0].rjust(size, b"\0")
    size = 32 if algo == pgp.PK_EDDSA else field_size(session, key)
    return b"".join(m.rjust(size, b"\0") for m in mpis)


def verify_rv(session, key, mech, data, sig):
    rv = session.lib.C_VerifyInit(session.session, mech.to_native(), key)
    if rv != CKR_OK:
        sys.exit(f"C_VerifyInit: {PyKCS11.CKR[rv]}")
    return session.lib.C_Verify(session.session, PyKCS11.ckbytelist(data), PyKCS11.ckbytelist(sig))


def verify(module, reader, data_file, sig_file):
    sig = pgp.parse_signature(open(sig_file, "rb").read())
    if sig["sig_type"] != pgp.SIG_BINARY:
        sys.exit(f"signature type {sig['sig_type']:#x}, not a binary document signature")
    data = open(data_file, "rb").read()
    hash_name = pgp.HASH_NAMES[sig["hash_algo"]]
    digest = pgp.signature_digest(sig["hash_algo"], data, sig["hashed"])
    if digest[:2] != sig["left16"]:
        sys.exit("the digest's first two bytes differ from the packet's: hashed the wrong thing")
    s = open_session(module, reader)
    key = s.findObjects([(CKA_CLASS, CKO_PUBLIC_KEY), (CKA_ID, (1,))])[0]
    if sig["algo"] == pgp.PK_EDDSA and not s.getAttributeValue(key, [CKA_PUBLIC_KEY_INFO])[0]:
        # The token verifies on the host; a backend without Ed25519 (mbedTLS) leaves the
        # key's CKA_PUBLIC_KEY_INFO empty and answers C_VerifyInit with CKR_KEY_TYPE_INCONSISTENT.
        print("SKIP: the module's crypto backend has no Ed25519 (mbedTLS): no verification on the host")
        sys.exit(77)
    mech, signed = mechanism_and_input(s, key, sig["algo"], hash_name, digest)
    raw = raw_signature(s, key, sig["algo"], sig["mpis"])
    failures = []
    for what, message, signature, expected in (
            ("gpg's signature", signed, raw, CKR_OK),
            ("the signature over changed data", bytes([signed[0] ^ 1]) + signed[1:], raw, CKR_SIGNATURE_INVALID),
            ("a signature one byte short", signed, raw[:-1], CKR_SIGNATURE_LEN_RANGE)):
        rv = verify_rv(s, key, mech, message, signature)
        print(f"C_Verify, {what} ({hash_name}, {len(raw)}-byte signature): {PyKCS11.CKR[rv]}")
        if rv != expected:
            failures.append(f"{what}: {PyKCS11.CKR[rv]}, expected {PyKCS11.CKR[expected]}")
    if failures:
        sys.exit("; ".join(failures))


def fixture_fingerprint(fixture):
    with open(f"{fixture}/sig.key", "rb") as f:
        key = serialization.load_pem_private_key(f.read(), None)
    created = int(open(f"{fixture}/created").read())
    return key, pgp.fingerprint(key, created)


def sign(module, reader, pin, fixture, data_file, out_file):
    fixture_key, fpr = fixture_fingerprint(fixture)
    algo, _ = pgp.public_key_material(fixture_key, False)
    hashed_subpackets = pgp.subpacket(2, struct.pack(">I", int(time.time()))) + pgp.subpacket(33, b"\x04" + fpr)
    hashed = pgp.signature_hashed_part(algo, pgp.SIG_BINARY, pgp.HASH_SHA256, hashed_subpackets)
    digest = pgp.signature_digest(pgp.HASH_SHA256, open(data_file, "rb").read(), hashed)
    s = open_session(module, reader)
    s.login(pin, CKU_USER)
    key = s.findObjects([(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_ID, (1,))])[0]
    mech, signed = mechanism_and_input(s, key, algo, "sha256", digest)
    # Split C_SignInit / C_Sign: the signature key may need its PIN again in between.
    rv = s.lib.C_SignInit(s.session, mech.to_native(), key)
    if rv != CKR_OK:
        sys.exit(f"C_SignInit: {PyKCS11.CKR[rv]}")
    if s.getAttributeValue(key, [CKA_ALWAYS_AUTHENTICATE])[0]:
        s.login(pin, CKU_CONTEXT_SPECIFIC)
    out = PyKCS11.ckbytelist()
    for _ in range(2):  # the length, then the signature
        rv = s.lib.C_Sign(s.session, PyKCS11.ckbytelist(signed), out)
        if rv != CKR_OK:
            sys.exit(f"C_Sign: {PyKCS11.CKR[rv]}")
    raw = bytes(out)
    half = len(raw) // 2
    mpis = pgp.mpi(raw) if algo == pgp.PK_RSA else pgp.mpi(raw[:half]) + pgp.mpi(raw[half:])
    with open(out_file, "wb") as f:
        f.write(pgp.signature_packet(hashed, fpr, digest, mpis))
    print(f"C_Sign: {len(raw)}-byte signature by the card, packet written for key {fpr.hex().upper()}")


def fingerprint(module, reader, key_id, created_hex):
    """The v4 fingerprint of the token's public key CKA_ID key_id created at created_hex (the
    card's generation date DO), computed here; exits non-zero unless the key is CKA_LOCAL."""
    s = open_session(module, reader)
    key = s.findObjects([(CKA_CLASS, CKO_PUBLIC_KEY), (CKA_ID, (int(key_id, 16),))])[0]
    info, local = s.getAttributeValue(key, [CKA_PUBLIC_KEY_INFO, PyKCS11.CKA_LOCAL])
    if not local:
        sys.exit("the generated key is not CKA_LOCAL")
    if info:
        public = serialization.load_der_public_key(bytes(info))
    else:  # Ed25519 / X25519 with a backend without the curve: the point, a DER OCTET STRING of 32 bytes
        point = bytes(s.getAttributeValue(key, [PyKCS11.CKA_EC_POINT])[0])
        kinds = {CKK_EC_EDWARDS: ed25519.Ed25519PublicKey, CKK_EC_MONTGOMERY: x25519.X25519PublicKey}
        if point[:2] != b"\x04\x20" or key_type(s, key) not in kinds:
            sys.exit(f"no public key to compute a fingerprint from: {point.hex()}")
        public = kinds[key_type(s, key)].from_public_bytes(point[2:])
    print(pgp.fingerprint(public, int(created_hex, 16), int(key_id, 16) == 2).hex().upper())


if __name__ == "__main__":
    commands = {"verify": (verify, 4), "sign": (sign, 6), "fingerprint": (fingerprint, 4)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands or len(sys.argv) != 2 + commands[sys.argv[1]][1]:
        sys.exit(__doc__)
    run, _ = commands[sys.argv[1]]
    run(*sys.argv[2:])
