#!/usr/bin/python3
"""Runs a Windows program of the cross build through the cross file's
exe_wrapper (wine64, given by meson as WRAPPER) and checks that it succeeds
and says what it must.

usage: run.py WRAPPER [--file PATH] [--status N] [--expect TEXT]... -- PROGRAM [ARGS...]
  WRAPPER        the wrapper command as one string (split on spaces)
  --expect TEXT  must appear in what the program prints (or in PATH, with --file:
                 a log the program writes; emptied first)
  --status N     the exit status it must end with (default 0)
"""
import shlex
import subprocess
import sys


def main():
    wrapper, args = shlex.split(sys.argv[1]), sys.argv[2:]
    split = args.index("--")
    options, command = args[:split], args[split + 1:]
    expected, log, status = [], None, 0
    while options:
        flag, value, options = options[0], options[1], options[2:]
        if flag == "--expect":
            expected.append(value)
        elif flag == "--status":
            status = int(value)
        elif flag == "--file":
            log = value
        else:
            sys.exit(f"unknown option {flag}")
    if log:
        open(log, "w").close()
    run = subprocess.run(wrapper + command, capture_output=True, text=True, timeout=120)
    print(run.stdout, end="")
    print(run.stderr, end="", file=sys.stderr)
    text = run.stdout + run.stderr if log is None else open(log, encoding="utf-8", errors="replace").read()
    failures = [f"exit status {run.returncode}, not {status}"] if run.returncode != status else []
    failures += [f"no {e!r} in {'its output' if log is None else log}" for e in expected if e not in text]
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
