"""A program run on a pseudo-terminal, for the examples' dialog tests: the
terminal stands in for the user, who answers prompts as they appear."""
import os, pty, select, subprocess, sys, time


def fail(why, seen):
    print(seen.decode(errors="replace"))
    print("FAIL: " + why)
    sys.exit(1)


def read_until(fd, wanted, seen, since=0, seconds=120):
    """Reads until `wanted` appears in what came after position `since`."""
    end = time.monotonic() + seconds
    while wanted not in seen[since:]:
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            fail("timed out waiting for %r" % wanted, seen)
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            fail("the program ended before %r" % wanted, seen)
        seen += chunk
    return seen


def start(argv, env):
    leader, follower = pty.openpty()
    child = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    return leader, child


def rest(leader, seen):
    try:
        while True:
            chunk = os.read(leader, 4096)
            if not chunk:
                break
            seen += chunk
    except OSError:
        pass
    return seen


def pin_asked_without_echo(argv, env, verdict, token=b"seed demo", pin=b"123456"):
    """Runs argv (no --pin) on a terminal: the PIN for `token` is asked, typed
    in, and must not be echoed; the run must end "<verdict>all steps succeeded"."""
    leader, child = start(argv, env)
    asked = b'PIN for token "' + token + b'"'
    seen = read_until(leader, asked, b"")
    seen = read_until(leader, b": ", seen, since=seen.index(asked))
    os.write(leader, pin + b"\n")
    seen = read_until(leader, verdict, seen)
    rc = child.wait(timeout=120)
    seen = rest(leader, seen)
    if pin in seen:
        fail("the PIN was echoed", seen)
    if verdict + b"all steps succeeded" not in seen or rc != 0:
        fail("the run with the asked PIN failed (exit %d)" % rc, seen)
