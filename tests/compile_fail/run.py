#!/usr/bin/env python3
"""Compile-fail test: a snippet must fail to compile with the expected
diagnostic, and its control variant (-DP11_CONTROL) must compile, so the
failure is known to come from the line under test and not from a typo.

usage: run.py SNIPPET -- COMPILER [FLAGS...]
The snippet names its expected diagnostic in a line `// expect: REGEX`.
"""
import re
import subprocess
import sys


def main():
    sep = sys.argv.index("--")
    snippet = sys.argv[1]
    compiler = sys.argv[sep + 1:]
    with open(snippet, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^// expect: (.+)$", text, re.M)
    if not m:
        print(f"{snippet}: no '// expect:' line")
        return 2
    expected = re.compile(m.group(1))

    control = subprocess.run(compiler + ["-DP11_CONTROL", "-fsyntax-only", snippet], capture_output=True, text=True)
    if control.returncode != 0:
        print(f"{snippet}: the control variant does not compile:\n{control.stderr}")
        return 1
    broken = subprocess.run(compiler + ["-fsyntax-only", snippet], capture_output=True, text=True)
    if broken.returncode == 0:
        print(f"{snippet}: compiled, but must not")
        return 1
    if not expected.search(broken.stderr):
        print(f"{snippet}: failed, but without /{m.group(1)}/:\n{broken.stderr[:4000]}")
        return 1
    print(f"{snippet}: rejected as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
