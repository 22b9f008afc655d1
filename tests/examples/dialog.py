#!/usr/bin/python3
"""seed-demo's dialog on a terminal: two signing certificates pass the rules on
the demo token, so it asks; a wrong answer is refused and asked again, the
right one is taken and every operation runs.  A pseudo-terminal stands in for
the user.   dialog.py BUILD_DIR"""
import os, sys, tempfile

from pty_session import fail, pin_asked_without_echo, read_until, rest, start


def main():
    build = sys.argv[1]
    demo = os.path.join(build, "examples", "seed-demo")
    with tempfile.TemporaryDirectory() as work:
        conf = os.path.join(work, "p11forge.conf")
        with open(conf, "w") as f:
            f.write("kdf_iterations = 1000\n")
        token = os.path.join(work, "token")
        # P11FORGE_PCSC=0: only the software token, even with a card rig running beside.
        env = dict(os.environ, P11FORGE_CONF=conf, P11FORGE_PCSC="0")
        env.pop("SEED_DEMO_PIN", None)
        leader, child = start([demo, "--token-dir", token], env)
        prompt = b"choose a certificate (1-2): "
        seen = read_until(leader, prompt, b"")
        if b"2) CN=demo signing, O=p11forge demo" not in seen:
            fail("the dialog does not offer the signing certificate as 2", seen)
        os.write(leader, b"7\n")
        refusal = b'"7" is not one of 1-2'
        seen = read_until(leader, refusal, seen)
        # A prompt after the refusal: asked again.
        seen = read_until(leader, prompt, seen, since=seen.index(refusal) + len(refusal))
        os.write(leader, b"2\n")
        seen = read_until(leader, b"seed demo: ", seen)
        rc = child.wait(timeout=120)
        seen = rest(leader, seen)
        if b'using "CN=demo signing, O=p11forge demo"' not in seen:
            fail("the answer 2 did not choose the signing certificate", seen)
        if b"seed demo: all steps succeeded" not in seen or rc != 0:
            fail("the run after the dialog failed (exit %d)" % rc, seen)

        # The kept token as any module's: no --pin, so the PIN is asked, and not echoed.
        env["P11FORGE_TOKEN_DIR"] = token
        pin_asked_without_echo([demo, "--module", os.path.join(build, "src", "module", "libp11forge.so"),
                               "--slot", "0", "--choose", "2"], env, b"seed demo: ")
    print("dialog: asked, refused a wrong answer, took the right one; the PIN asked without echo")


main()
