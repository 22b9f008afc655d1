"""OpenPGP v4 key material (RFC 4880, RFC 6637, the EdDSA draft): fingerprints for the card's
C5 data object, and a transferable public key a fixture hands to gpg --import.

The card computes a fixture key's fingerprint with the same code the fixture uses to write its
public key, so `gpg --card-status` finds the key in the keyring by fingerprint.
"""

import hashlib
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils, x25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# OpenPGP public-key algorithm ids (RFC 4880 9.1, RFC 6637, EdDSA draft).
PK_RSA, PK_ECDH, PK_ECDSA, PK_EDDSA = 1, 18, 19, 22
# Curve OIDs as OpenPGP writes them (the DER content octets, without tag and length).
OID_P256 = bytes.fromhex("2A8648CE3D030107")
OID_ED25519 = bytes.fromhex("2B06010401DA470F01")
OID_CV25519 = bytes.fromhex("2B060104019755010501")
HASH_SHA256, CIPHER_AES128 = 8, 7
# Hash algorithm ids (RFC 4880 9.4) -> hashlib names.
HASH_NAMES = {8: "sha256", 9: "sha384", 10: "sha512", 11: "sha224"}
# Packet tags and signature types.
TAG_SIGNATURE, TAG_PUBLIC_KEY, TAG_USER_ID, TAG_PUBLIC_SUBKEY = 2, 6, 13, 14
SIG_BINARY, SIG_POSITIVE_CERT, SIG_SUBKEY_BINDING = 0x00, 0x13, 0x18
# Key flags (RFC 4880 5.2.3.21).
FLAG_CERTIFY, FLAG_SIGN, FLAG_ENCRYPT, FLAG_AUTH = 0x01, 0x02, 0x0C, 0x20


def mpi(value):
    """An MPI: bit count (2 bytes) then the big-endian value without leading zeros."""
    if isinstance(value, bytes):
        value = int.from_bytes(value, "big")
    return struct.pack(">H", value.bit_length()) + value.to_bytes((value.bit_length() + 7) // 8, "big")


def raw_public(key):
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_material(key, for_encryption):
    """algorithm id and the algorithm-specific fields of a public key packet, of a private key's
    public half or of a public key."""
    if not isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey,
                            x25519.X25519PublicKey)):
        key = key.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        nums = key.public_numbers()
        return PK_RSA, mpi(nums.n) + mpi(nums.e)
    kdf = bytes([3, 1, HASH_SHA256, CIPHER_AES128])  # RFC 6637 KDF parameters
    if isinstance(key, ec.EllipticCurvePublicKey):
        point = key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        fields = bytes([len(OID_P256)]) + OID_P256 + mpi(point)
        return (PK_ECDH, fields + kdf) if for_encryption else (PK_ECDSA, fields)
    if isinstance(key, ed25519.Ed25519PublicKey):
        return PK_EDDSA, bytes([len(OID_ED25519)]) + OID_ED25519 + mpi(b"\x40" + raw_public(key))
    if isinstance(key, x25519.X25519PublicKey):
        return PK_ECDH, bytes([len(OID_CV25519)]) + OID_CV25519 + mpi(b"\x40" + raw_public(key)) + kdf
    raise ValueError(f"no OpenPGP encoding for {type(key).__name__}")


def public_key_body(key, created, for_encryption=False):
    algo, fields = public_key_material(key, for_encryption)
    return bytes([4]) + struct.pack(">I", created) + bytes([algo]) + fields


def fingerprint(key, created, for_encryption=False):
    """The v4 fingerprint: SHA-1 of 99, a 2-byte length and the public key packet body."""
    body = public_key_body(key, created, for_encryption)
    return hashlib.sha1(b"\x99" + struct.pack(">H", len(body)) + body).digest()


def packet(tag, body):
    """A packet with a new-format header."""
    n = len(body)
    if n < 192:
        length = bytes([n])
    elif n < 8384:
        length = bytes([((n - 192) >> 8) + 192, (n - 192) & 0xFF])
    else:
        length = b"\xFF" + struct.pack(">I", n)
    return bytes([0xC0 | tag]) + length + body


def subpacket(kind, data):
    return bytes([len(data) + 1, kind]) + data


def sign_digest(key, digest):
    """The signature MPIs over a SHA-256 digest."""
    if isinstance(key, rsa.RSAPrivateKey):
        return mpi(key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())))
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = utils.decode_dss_signature(key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256()))))
        return mpi(r) + mpi(s)
    sig = key.sign(digest)  # EdDSA in OpenPGP signs the digest, not the message
    return mpi(sig[:32]) + mpi(sig[32:])


def signature_hashed_part(algo, sig_type, hash_algo, hashed_subpackets):
    """The hashed part of a v4 signature packet (RFC 4880 5.2.3): version to hashed subpackets."""
    return bytes([4, sig_type, algo, hash_algo]) + struct.pack(">H", len(hashed_subpackets)) + hashed_subpackets


def signature_digest(hash_algo, hashed_prefix, hashed):
    """What a v4 signature signs (RFC 4880 5.2.4): the hash of the signed data, the hashed part
    and the trailer 04 FF with the hashed part's 4-byte length."""
    h = hashlib.new(HASH_NAMES[hash_algo])
    h.update(hashed_prefix + hashed + b"\x04\xFF" + struct.pack(">I", len(hashed)))
    return h.digest()


def signature_packet(hashed, issuer_fpr, digest, signature_mpis):
    """The whole packet: the issuer's key ID unhashed (gpg looks the key up by it)."""
    unhashed = subpacket(16, issuer_fpr[-8:])
    return packet(TAG_SIGNATURE, hashed + struct.pack(">H", len(unhashed)) + unhashed
                  + digest[:2] + signature_mpis)


def signature(primary, created, sig_type, flags, hashed_prefix):
    """A v4 signature packet by `primary` over hashed_prefix (the framed key and user ID or
    subkey it certifies)."""
    algo, _ = public_key_material(primary, False)
    fpr = fingerprint(primary, created)
    hashed_subpackets = (subpacket(2, struct.pack(">I", created)) + subpacket(27, bytes([flags]))
                         + subpacket(33, b"\x04" + fpr))
    hashed = signature_hashed_part(algo, sig_type, HASH_SHA256, hashed_subpackets)
    digest = signature_digest(HASH_SHA256, hashed_prefix, hashed)
    return signature_packet(hashed, fpr, digest, sign_digest(primary, digest))


def read_packet(data):
    """(tag, body, rest) of the first packet, old or new format header (RFC 4880 4.2); only
    definite lengths: what gpg writes for a detached signature."""
    ctb = data[0]
    if not ctb & 0x80:
        raise ValueError("not an OpenPGP packet")
    if ctb & 0x40:
        tag, first = ctb & 0x3F, data[1]
        if first < 192:
            n, at = first, 2
        elif first < 224:
            n, at = ((first - 192) << 8) + data[2] + 192, 3
        elif first == 255:
            n, at = struct.unpack(">I", data[2:6])[0], 6
        else:
            raise ValueError("partial body lengths are not supported")
    else:
        tag, kind = (ctb >> 2) & 0x0F, ctb & 3
        if kind == 3:
            raise ValueError("indeterminate lengths are not supported")
        size = 1 << kind
        n, at = int.from_bytes(data[1:1 + size], "big"), 1 + size
    if at + n > len(data):
        raise ValueError("packet cut short")
    return tag, data[at:at + n], data[at + n:]


def read_mpis(data):
    """All MPIs in data, as big-endian byte strings without leading zeros."""
    out = []
    while data:
        bits = struct.unpack(">H", data[:2])[0]
        n = (bits + 7) // 8
        out.append(data[2:2 + n])
        data = data[2 + n:]
    return out


def parse_signature(data):
    """A v4 signature packet's parts: sig_type, algo, hash_algo, hashed (the part the trailer
    covers), left16 and the signature MPIs."""
    tag, body, _ = read_packet(data)
    if tag != TAG_SIGNATURE or body[0] != 4:
        raise ValueError("not a v4 signature packet")
    hashed_len = struct.unpack(">H", body[4:6])[0]
    hashed = body[:6 + hashed_len]
    at = 6 + hashed_len
    unhashed_len = struct.unpack(">H", body[at:at + 2])[0]
    at += 2 + unhashed_len
    return {"sig_type": body[1], "algo": body[2], "hash_algo": body[3], "hashed": hashed,
            "left16": body[at:at + 2], "mpis": read_mpis(body[at + 2:])}


def framed(body):
    return b"\x99" + struct.pack(">H", len(body)) + body


def transferable_public_key(sig_key, dec_key, aut_key, created, user_id):
    """Primary key = the card's signature key (certify+sign), subkeys = decryption and
    authentication keys, each bound by a signature of the primary."""
    primary = public_key_body(sig_key, created)
    uid = user_id.encode()
    out = packet(TAG_PUBLIC_KEY, primary) + packet(TAG_USER_ID, uid)
    out += signature(sig_key, created, SIG_POSITIVE_CERT, FLAG_CERTIFY | FLAG_SIGN,
                     framed(primary) + b"\xB4" + struct.pack(">I", len(uid)) + uid)
    for key, flags in ((dec_key, FLAG_ENCRYPT), (aut_key, FLAG_AUTH)):
        if key is None:
            continue
        sub = public_key_body(key, created, flags == FLAG_ENCRYPT)
        out += packet(TAG_PUBLIC_SUBKEY, sub)
        out += signature(sig_key, created, SIG_SUBKEY_BINDING, flags, framed(primary) + framed(sub))
    return out
