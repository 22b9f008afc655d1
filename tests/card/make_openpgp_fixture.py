#!/usr/bin/python3
"""Creates a fixture for openpgp_card.py --provision: three keys, a certificate, an OpenPGP
public key for gpg, the passwords.

    make_openpgp_fixture.py DIR [--algo rsa|p256|25519] [--empty] [--pw1 123456] [--pw3 12345678]
                            [--pw1-multi] [--name LABEL] [--serial 8HEX]

Writes DIR/card ("openpgp": rig.sh starts openpgp_card.py for it), DIR/{sig,dec,aut}.key
(PKCS#8 PEM without a password: this is test data), DIR/ca.{key,crt}, DIR/aut.crt (the
cardholder certificate of the authentication key, 7F21), DIR/created (the keys' OpenPGP
creation time: the card computes its fingerprints from it), DIR/pubkey.gpg (the transferable
public key gpg imports: primary = the signature key, subkeys = decryption and authentication),
DIR/pw1, DIR/pw3, DIR/serial.  --algo: rsa (RSA-2048 x3), p256 (ECDSA / ECDH / ECDSA) or 25519
(Ed25519 / X25519 / Ed25519).  --empty: no keys, only passwords (keys are generated on the card).
--pw1-multi: PW1 stays valid for several signatures (C4 byte 1 = 01).
"""

import argparse
import os
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa, x25519

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from make_fixture import NO_USAGE, certificate, name, pem_key, write  # noqa: E402
from openpgp_packets import transferable_public_key  # noqa: E402

ALGOS = {
    "rsa": {s: (lambda: rsa.generate_private_key(65537, 2048)) for s in ("sig", "dec", "aut")},
    "p256": {s: (lambda: ec.generate_private_key(ec.SECP256R1())) for s in ("sig", "dec", "aut")},
    "25519": {"sig": ed25519.Ed25519PrivateKey.generate, "dec": x25519.X25519PrivateKey.generate,
              "aut": ed25519.Ed25519PrivateKey.generate},
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--algo", choices=sorted(ALGOS), default="rsa")
    ap.add_argument("--empty", action="store_true", help="no keys (generate them on the card)")
    ap.add_argument("--pw1", default="123456")
    ap.add_argument("--pw3", default="12345678")
    ap.add_argument("--pw1-multi", action="store_true", help="PW1 valid for several PSO:CDS")
    ap.add_argument("--name", default="OpenPGP test card", help="user ID and certificate CN")
    ap.add_argument("--serial", help="4-byte card serial number as 8 hex digits")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    put = lambda n, data: write(os.path.join(args.dir, n), data)  # noqa: E731

    put("card", b"openpgp\n")
    put("pw1", args.pw1.encode() + b"\n")
    put("pw3", args.pw3.encode() + b"\n")
    if args.pw1_multi:
        put("pw1-multi", b"")
    if args.serial:
        put("serial", args.serial.encode() + b"\n")
    if args.empty:
        return
    keys = {slot: make() for slot, make in ALGOS[args.algo].items()}
    for slot, key in keys.items():
        put(f"{slot}.key", pem_key(key))
    created = int(time.time()) - 86400
    put("created", b"%d\n" % created)
    put("pubkey.gpg", transferable_public_key(keys["sig"], keys["dec"], keys["aut"], created,
                                              f"{args.name} <card@p11forge.test>"))

    # The authentication key's certificate, issued by a test CA (an X25519 key cannot sign,
    # the CA is P-256 whatever --algo is).
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("p11forge test CA")
    ca = certificate(ca_name, ca_key, ca_name, ca_key, [
        (x509.BasicConstraints(ca=True, path_length=0), True),
        (x509.KeyUsage(**{**NO_USAGE, "key_cert_sign": True, "crl_sign": True}), True)])
    put("ca.key", pem_key(ca_key))
    put("ca.crt", ca.public_bytes(serialization.Encoding.PEM))
    cert = certificate(name(f"{args.name} authentication"), keys["aut"], ca_name, ca_key, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.KeyUsage(**{**NO_USAGE, "digital_signature": True}), True)])
    put("aut.crt", cert.public_bytes(serialization.Encoding.PEM))


if __name__ == "__main__":
    main()
