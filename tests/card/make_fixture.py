#!/usr/bin/python3
"""Creates a fixture for piv_card.py --provision: one test CA and a key + certificate per slot.

    make_fixture.py DIR [--slots 9a,9c,9d,9e] [--retired N] [--9d-ec] [--pin 123456] [--puk 12345678]
                        [--name LABEL]

Writes DIR/ca.key, DIR/ca.crt, DIR/{9a,9c,9d,9e}.{key,crt} (and 82.. for --retired), DIR/pin,
DIR/puk.  --slots provisions only the slots named (e.g. --slots 9a: a card whose only key
signs); the others stay empty, as on a real card: GET DATA of their certificates is 6A 82.  Slots as real PIV cards are issued: 9A RSA-2048 PIV Authentication, 9C P-256 Digital
Signature, 9D RSA-2048 Key Management, 9E P-256 Card Authentication, retired slots P-256 key
management (ECDH); --9d-ec makes 9D a P-256 key-agreement key too.  Keys are PKCS#8 PEM
without a password: this is test data.
"""

import argparse
import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NO_USAGE = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False)

# slot -> (title, key factory, key usages)
SLOTS = {
    "9a": ("PIV Authentication", lambda: rsa.generate_private_key(65537, 2048),
           {"digital_signature"}),
    "9c": ("Digital Signature", lambda: ec.generate_private_key(ec.SECP256R1()),
           {"digital_signature", "content_commitment"}),
    "9d": ("Key Management", lambda: rsa.generate_private_key(65537, 2048),
           {"key_encipherment"}),
    "9e": ("Card Authentication", lambda: ec.generate_private_key(ec.SECP256R1()),
           {"digital_signature"}),
}


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "p11forge tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def certificate(subject, key, issuer, issuer_key, extensions):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=3650)))
    for ext, critical in extensions:
        builder = builder.add_extension(ext, critical)
    return builder.sign(issuer_key, hashes.SHA256())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--retired", type=int, default=0, help="also provision retired slots 82.. (max 20)")
    ap.add_argument("--slots", default=",".join(SLOTS), type=lambda v: [s.strip().lower() for s in v.split(",")],
                    help="comma-separated key slots to provision (default: all four); others stay empty")
    ap.add_argument("--9d-ec", dest="ec_9d", action="store_true",
                    help="9D: a P-256 key-agreement (ECDH) key instead of RSA-2048")
    ap.add_argument("--pin", default="123456")
    ap.add_argument("--puk", default="12345678")
    ap.add_argument("--name", default="PIV test card", help="goes into the certificates' CN")
    args = ap.parse_args()
    if unknown := [s for s in args.slots if s not in SLOTS]:
        ap.error(f"--slots: not one of {', '.join(SLOTS)}: {', '.join(unknown)}")
    os.makedirs(args.dir, exist_ok=True)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("p11forge test CA")
    ca = certificate(ca_name, ca_key, ca_name, ca_key, [
        (x509.BasicConstraints(ca=True, path_length=0), True),
        (x509.KeyUsage(**{**NO_USAGE, "key_cert_sign": True, "crl_sign": True}), True)])
    write(os.path.join(args.dir, "ca.key"), pem_key(ca_key))
    write(os.path.join(args.dir, "ca.crt"), ca.public_bytes(serialization.Encoding.PEM))

    slots = {slot: SLOTS[slot] for slot in SLOTS if slot in args.slots}
    if args.ec_9d and "9d" in slots:
        slots["9d"] = ("Key Management", lambda: ec.generate_private_key(ec.SECP256R1()), {"key_agreement"})
    for i in range(min(args.retired, 20)):
        slots[f"{0x82 + i:02x}"] = (f"Retired Key Management {i + 1}",
                                    lambda: ec.generate_private_key(ec.SECP256R1()), {"key_agreement"})
    for slot, (title, make_key, usages) in slots.items():
        key = make_key()
        exts = [(x509.BasicConstraints(ca=False, path_length=None), True),
                (x509.KeyUsage(**{**NO_USAGE, **{u: True for u in usages}}), True)]
        if slot == "9a":
            exts.append((x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False))
        cert = certificate(name(f"{args.name} {slot.upper()} {title}"), key, ca_name, ca_key, exts)
        write(os.path.join(args.dir, f"{slot}.key"), pem_key(key))
        write(os.path.join(args.dir, f"{slot}.crt"), cert.public_bytes(serialization.Encoding.PEM))
    write(os.path.join(args.dir, "pin"), args.pin.encode() + b"\n")
    write(os.path.join(args.dir, "puk"), args.puk.encode() + b"\n")


if __name__ == "__main__":
    main()
