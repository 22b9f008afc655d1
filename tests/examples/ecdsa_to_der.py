#!/usr/bin/python3
"""An ECDSA signature as PKCS #11 gives it (r||s) to the DER openssl wants.

    ecdsa_to_der.py IN OUT
"""
import sys

s = open(sys.argv[1], "rb").read()
n = len(s) // 2


def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return b"\x02" + bytes([len(b)]) + b


body = der_int(s[:n]) + der_int(s[n:])
open(sys.argv[2], "wb").write(b"\x30" + bytes([len(body)]) + body)
