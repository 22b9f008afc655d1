"""Key operations of the virtual OpenPGP card: signatures as PSO:CDS and INTERNAL AUTHENTICATE
make them, and private keys from the fields of a key import."""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa, utils, x25519

from ber_tlv import SW
from openpgp_packets import OID_CV25519

# The digests an ECDSA input may be, by length (the host hashes; the card signs the hash).
ECDSA_DIGESTS = {20: hashes.SHA1(), 28: hashes.SHA224(), 32: hashes.SHA256(), 48: hashes.SHA384(),
                 64: hashes.SHA512()}


def sign(key, data):
    """RSA: PKCS #1 v1.5 over the DigestInfo the host sent (at most 40 % of the modulus);
    ECDSA: the hash -> r|s; EdDSA: the message itself."""
    if isinstance(key, rsa.RSAPrivateKey):
        k = key.key_size // 8
        if not data or len(data) > k * 40 // 100:
            raise SW(0x6700)
        block = b"\x00\x01" + b"\xFF" * (k - 3 - len(data)) + b"\x00" + data
        priv = key.private_numbers()
        m = int.from_bytes(block, "big")
        # CRT: about 3x faster than pow(m, d, n) in Python.
        m1, m2 = pow(m, priv.dmp1, priv.p), pow(m, priv.dmq1, priv.q)
        h = priv.iqmp * (m1 - m2) % priv.p
        return (m2 + h * priv.q).to_bytes(k, "big")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if len(data) not in ECDSA_DIGESTS:
            raise SW(0x6700)
        r, s = utils.decode_dss_signature(key.sign(data, ec.ECDSA(utils.Prehashed(ECDSA_DIGESTS[len(data)]))))
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(data)
    raise SW(0x6A80)  # an X25519 key does not sign


def private_key_from_fields(attr, fields):
    """Key import: RSA 91 e, 92 p, 93 q (format 00); ECC 92 private key (99 public key ignored)."""
    try:
        if attr[0] == 0x01:
            e, p, q = (int.from_bytes(fields[t], "big") for t in (0x91, 0x92, 0x93))
            d = pow(e, -1, (p - 1) * (q - 1))
            pub = rsa.RSAPublicNumbers(e, p * q)
            return rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                         rsa.rsa_crt_iqmp(p, q), pub).private_key()
        secret = fields[0x92]
        if attr[0] in (0x12, 0x13) and attr[1:] != OID_CV25519:
            return ec.derive_private_key(int.from_bytes(secret, "big"), ec.SECP256R1())
        if attr[0] == 0x16:
            return ed25519.Ed25519PrivateKey.from_private_bytes(secret.rjust(32, b"\x00"))
        # X25519: OpenPGP keeps the scalar big-endian, X25519 wants it little-endian.
        return x25519.X25519PrivateKey.from_private_bytes(secret.rjust(32, b"\x00")[::-1])
    except (KeyError, ValueError):
        raise SW(0x6A80) from None
