#!/usr/bin/python3
"""The examples' relying party (relying-party-check, built from
tests/examples/relying_party_check.cpp) against openssl on the build machine:
known answers; signatures made by openssl with RSA (PKCS #1 v1.5), ECDSA P-256
and P-384 keys verified against their certificates; a message encrypted to the
RSA certificate and decrypted by openssl.  With --oaep, only the OAEP
encryptions (SHA-1, SHA-256), a SKIP (77) naming what the library refused.

usage: relying_party.py WRAPPER PROGRAM [--oaep]
  WRAPPER  the command that runs PROGRAM as one string (wine for the Windows
           build), empty to run it directly
"""
import os
import shlex
import subprocess
import sys
import tempfile


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def der_to_raw(der, size):
    """An ECDSA-Sig-Value (DER) as PKCS #11 gives it: r||s, each `size` bytes."""
    assert der[0] == 0x30
    i, out = 2, b""
    for _ in range(2):
        assert der[i] == 0x02
        n = der[i + 1]
        out += der[i + 2:i + 2 + n].lstrip(b"\0").rjust(size, b"\0")
        i += 2 + n
    return out


def main():
    wrapper, program = shlex.split(sys.argv[1]), sys.argv[2]
    oaep = "--oaep" in sys.argv[3:]
    failures, refused = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = lambda name: os.path.join(tmp, name)

        def run(*args, allowed=(0,)):
            r = subprocess.run(wrapper + [program, *args], capture_output=True, text=True, timeout=120)
            print(r.stdout, end="")
            print(r.stderr, end="", file=sys.stderr)
            if r.returncode not in allowed:
                failures.append(f"{' '.join(args) or 'known answers'}: exit status {r.returncode}")
            return r.returncode

        message = path("message")
        with open(message, "wb") as f:
            f.write(b"The seed's example: sign, encrypt, wrap.")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("rsa.key"), "-outform", "DER",
                "-out", path("rsa.der"), "-subj", "/CN=relying party RSA", "-days", "2")
        if not oaep:
            run()
            openssl("dgst", "-sha256", "-sign", path("rsa.key"), "-out", path("rsa.sig"), message)
            run("verify", path("rsa.der"), "SHA-256", message, path("rsa.sig"))
            for curve, size, h in (("P-256", 32, "SHA-256"), ("P-384", 48, "SHA-384")):
                key, cert, sig = path(curve + ".key"), path(curve + ".der"), path(curve + ".sig")
                openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + curve, "-nodes",
                        "-keyout", key, "-outform", "DER", "-out", cert, "-subj", "/CN=relying party " + curve, "-days", "2")
                openssl("dgst", "-" + h.replace("-", "").lower(), "-sign", key, "-out", sig + ".der", message)
                with open(sig + ".der", "rb") as f, open(sig, "wb") as out:
                    out.write(der_to_raw(f.read(), size))
                run("verify", cert, h, message, sig)
        paddings = ["oaep-sha1", "oaep-sha256"] if oaep else ["pkcs1"]
        for padding in paddings:
            sealed = path(padding + ".bin")
            if run("encrypt", path("rsa.der"), padding, message, sealed, allowed=(0, 77)) == 77:
                refused.append(padding)
                continue
            options = ["-pkeyopt", "rsa_padding_mode:pkcs1"]
            if padding != "pkcs1":
                md = padding.split("-")[1]
                options = ["-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:" + md, "-pkeyopt", "rsa_mgf1_md:" + md]
            opened = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", path("rsa.key"), "-in", sealed, *options],
                                    capture_output=True)
            ok = opened.returncode == 0 and opened.stdout == open(message, "rb").read()
            print(f"openssl decrypts the {padding} ciphertext to the message: {'ok' if ok else 'FAILED'}")
            if not ok:
                failures.append(f"{padding}: openssl does not decrypt it to the message")
    for f in failures:
        print(f"FAIL: {f}")
    if failures:
        return 1
    if refused:
        # Wine 8's CNG: BCryptEncrypt with BCRYPT_PAD_OAEP answers STATUS_NOT_IMPLEMENTED.
        print(f"SKIP: the platform's library refused {', '.join(refused)} "
              "(under wine 8: BCryptEncrypt with BCRYPT_PAD_OAEP is not implemented)")
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
