#!/usr/bin/python3
"""The Linux modules as a distribution receives them: they need only glibc at
load time (the C++ runtime is linked in and hidden, meson.build), export
nothing but C_ functions, and load on the oldest glibc docs/module.md
promises ("Runs on").

  - NEEDED (readelf -d): libc.so.6, libm.so.6, ld-linux (glibc's own), nothing else;
    a module given as PATH=LIB,... must also need those (libcrypto.so.3 for
    the OpenSSL backend).  No libstdc++.so.6, no libgcc_s.so.1, no
    libpcsclite.so.1 (PC/SC is loaded at run time).
  - symbol versions (objdump -T): no GLIBCXX_/CXXABI_/GCC_ at all; the
    highest GLIBC_ one is printed, and fails if above the docs' floor.
  - dynamic exports (nm -D --defined-only): only C_ functions.

usage: linux_deps.py DOCS_MODULE_MD MODULE[=LIB,LIB...]...
"""
import re
import subprocess
import sys

# glibc's own: the C library, its maths part, the dynamic loader (TLS).
GLIBC_OWN = re.compile(r"^(libc\.so\.6|libm\.so\.6|ld-linux[a-z0-9_-]*\.so\.[0-9]+)$")
WHY_NOT = {
    "libstdc++.so.6": "link the C++ runtime statically (-static-libstdc++)",
    "libgcc_s.so.1": "link libgcc statically (-static-libgcc)",
    "libpcsclite.so.1": "PC/SC must be loaded at run time (dlopen)",
}


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def docs_floor(docs):
    """The glibc version docs/module.md says the modules run on: the first
    "glibc X.Y" after the "Runs on" heading."""
    text = open(docs, encoding="utf-8").read()
    at = text.find("Runs on")
    m = re.search(r"glibc (\d+)\.(\d+)", text[at:]) if at >= 0 else None
    if not m:
        sys.exit(f"FAIL: {docs} has no 'Runs on' paragraph naming a glibc version")
    return int(m.group(1)), int(m.group(2))


def check(path, extra, floor):
    failures = []
    needed = re.findall(r"\(NEEDED\).*\[(.+?)\]", run("readelf", "-d", path))
    for lib in needed:
        if not GLIBC_OWN.match(lib) and lib not in extra:
            failures.append(f"needs {lib}: {WHY_NOT.get(lib, 'not part of glibc')}")
    for lib in extra:
        if lib not in needed:
            failures.append(f"does not need {lib}, which this build links")
    dynsym = run("objdump", "-T", path)
    runtime = sorted(set(re.findall(r"\b((?:GLIBCXX|CXXABI|GCC)_[0-9.]+)", dynsym)))
    if runtime:
        failures.append(f"needs the compiler's runtime: {', '.join(runtime)}")
    glibc = sorted({tuple(int(x) for x in v.split(".")) for v in re.findall(r"\bGLIBC_(\d+\.\d+(?:\.\d+)?)", dynsym)})
    highest = glibc[-1] if glibc else (0, 0)
    if highest[:2] > floor:
        failures.append(f"needs GLIBC_{'.'.join(map(str, highest))}, above the glibc "
                        f"{floor[0]}.{floor[1]} of docs/module.md: update the docs or find the symbol "
                        f"(objdump -T {path} | grep GLIBC_{'.'.join(map(str, highest))})")
    exports = [line.split()[-1] for line in run("nm", "-D", "--defined-only", path).splitlines() if line.strip()]
    others = [s for s in exports if not s.startswith("C_")]
    if others:
        failures.append(f"exports more than C_ functions: {', '.join(others[:15])}")
    print(f"{path}: NEEDED {', '.join(needed)}; highest symbol version GLIBC_{'.'.join(map(str, highest))}")
    return [f"{path}: {f}" for f in failures]


def main():
    floor = docs_floor(sys.argv[1])
    print(f"docs/module.md: runs on glibc {floor[0]}.{floor[1]} or later")
    failures = []
    for arg in sys.argv[2:]:
        path, _, libs = arg.partition("=")
        failures += check(path, [lib for lib in libs.split(",") if lib], floor)
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
