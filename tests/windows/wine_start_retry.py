#!/usr/bin/python3
"""The tests' wrapper under wine (the 'wine' test setup, and the programs the
scripts of tests/windows start): runs COMMAND (wine64 and a program, or a
test script) and starts it again only when wine failed to start it.

Once in a CI run a test under wine exited 1 within 10 ms having printed
nothing: wine itself failing to start the process (it does so when processes
race against a prefix or server that is not ready), not the program failing;
no program of ours finishes that fast or fails silently (Catch2 and the test
scripts always print a report).  Only that case is started again, at most
twice, and said on stderr, so a log shows every such retry.

    wine_start_retry.py COMMAND [ARGS...]
"""
import os
import signal
import subprocess
import sys
import threading
import time

QUICK = 0.2  # seconds: below any real start of a program under wine


def copy(src, dst, seen):
    while True:
        chunk = os.read(src.fileno(), 65536)
        if not chunk:
            return
        seen.append(len(chunk))
        dst.write(chunk)
        dst.flush()


def run_once(argv):
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = []
    threads = [threading.Thread(target=copy, args=(proc.stdout, sys.stdout.buffer, seen), daemon=True),
               threading.Thread(target=copy, args=(proc.stderr, sys.stderr.buffer, seen), daemon=True)]
    for t in threads:
        t.start()
    rc = proc.wait()
    # Not until end of file: wine's service processes (started on demand by a
    # program) inherit the pipes and outlive it.  What the program wrote is in
    # the pipe when it exits; a moment drains it.
    for t in threads:
        t.join(timeout=2)
    return rc, time.monotonic() - started, sum(seen)


def main():
    # meson ends a test that timed out with SIGTERM to its process group;
    # the wrapper then leaves as the program did.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for attempt in range(1, 4):
        rc, seconds, printed = run_once(sys.argv[1:])
        if not (rc == 1 and printed == 0 and seconds < QUICK) or attempt == 3:
            break
        print(f"wine_start_retry.py: exit 1 after {seconds * 1000:.0f} ms having run nothing "
              f"(attempt {attempt}); starting {' '.join(sys.argv[1:])} again", file=sys.stderr, flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    if rc < 0:
        signal.signal(-rc, signal.SIG_DFL)
        os.kill(os.getpid(), -rc)
    # os._exit: the copying threads may still be blocked on a pipe that a
    # wine service holds open.
    os._exit(rc & 0xFF)


if __name__ == "__main__":
    main()
