#!/usr/bin/python3
"""seed-demo-c's dialog and PIN prompt on a terminal, on the demo token that
seed-demo makes: two signing certificates pass the rules, so it asks; a wrong
answer is refused and asked again, the right one is taken and every
operation runs.  Without --pin the PIN is asked, and not echoed.
A pseudo-terminal stands in for the user.   dialog_c.py BUILD_DIR"""
import os, re, subprocess, sys, tempfile

from pty_session import fail, pin_asked_without_echo, read_until, rest, start


def main():
    build = sys.argv[1]
    demo_c = os.path.join(build, "examples", "seed-demo-c")
    module = os.path.join(build, "src", "module", "libp11forge.so")
    with tempfile.TemporaryDirectory() as work:
        conf = os.path.join(work, "p11forge.conf")
        with open(conf, "w") as f:
            f.write("kdf_iterations = 1000\n")
        token = os.path.join(work, "token")
        # P11FORGE_PCSC=0: only the software token, even with a card rig running beside.
        env = dict(os.environ, P11FORGE_CONF=conf, P11FORGE_PCSC="0")
        env.pop("SEED_DEMO_PIN", None)
        # The demo token and its PKI, made and kept by the C++ seed-demo (its choice is beside the point).
        made = subprocess.run([os.path.join(build, "examples", "seed-demo"), "--token-dir", token, "--choose", "1"],
                              env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if made.returncode != 0:
            fail("seed-demo could not make the demo token", made.stdout)
        env["P11FORGE_TOKEN_DIR"] = token

        leader, child = start([demo_c, "--module", module, "--pin", "123456"], env)
        prompt = b"choose a certificate (1-2): "
        seen = read_until(leader, prompt, b"")
        number = re.search(rb"\n  ([12])\) CN=demo signing, O=p11forge demo ", seen)
        if not number:
            fail("the dialog does not offer the signing certificate", seen)
        os.write(leader, b"7\n")
        refusal = b'"7" is not one of 1-2'
        seen = read_until(leader, refusal, seen)
        # A prompt after the refusal: asked again.
        seen = read_until(leader, prompt, seen, since=seen.index(refusal) + len(refusal))
        os.write(leader, number.group(1) + b"\n")
        seen = read_until(leader, b"seed demo (C): ", seen)
        rc = child.wait(timeout=120)
        seen = rest(leader, seen)
        if b'using "CN=demo signing, O=p11forge demo"' not in seen:
            fail("the answer %s did not choose the signing certificate" % number.group(1).decode(), seen)
        if b"seed demo (C): all steps succeeded" not in seen or rc != 0:
            fail("the run after the dialog failed (exit %d)" % rc, seen)

        # No --pin: the PIN is asked on the terminal, and not echoed.
        pin_asked_without_echo([demo_c, "--module", module, "--slot", "0", "--choose", number.group(1).decode()], env, b"seed demo (C): ")
    print("dialog (C): asked, refused a wrong answer, took the right one; the PIN asked without echo")


main()
