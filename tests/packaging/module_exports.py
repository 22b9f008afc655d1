#!/usr/bin/env python3
"""Checks that each Cryptoki module exports the C_ functions and nothing
else: no std:: template, no inline function of the framework, no symbol of
a statically linked runtime.  An application (or another module loaded
beside it) would otherwise bind to the module's copies.

usage: module_exports.py NM MODULE.so...
"""
import subprocess
import sys


def exported(nm, path):
    """The names a module defines in its dynamic symbol table."""
    out = subprocess.run([nm, "-D", "--defined-only", path], check=True, capture_output=True, text=True).stdout
    names = []
    for line in out.splitlines():
        fields = line.split()
        # Version nodes of a version script show as absolute symbols: not code.
        if len(fields) == 3 and fields[1] != "A":
            names.append(fields[2].split("@")[0])
    return names


def main():
    nm, modules = sys.argv[1], sys.argv[2:]
    failed = False
    for path in modules:
        names = exported(nm, path)
        others = sorted(n for n in names if not n.startswith("C_"))
        print(f"{path}: {len(names)} exported, {len(others)} not C_")
        for n in others[:20]:
            print(f"  not a C_ function: {n}")
        if others or "C_GetFunctionList" not in names:
            failed = True
            if "C_GetFunctionList" not in names:
                print("  C_GetFunctionList is not exported")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
