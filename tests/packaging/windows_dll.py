#!/usr/bin/python3
"""A Cryptoki DLL as a Windows administrator receives it: it exports exactly
the C_ functions of its profile (the names of include/p11/abi/functions.hpp,
tools/gen_version_script.py) and imports nothing but Windows' own DLLs -- no
libstdc++-6.dll, libgcc_s_seh-1.dll, libwinpthread-1.dll, no crypto library,
and no winscard.dll (PC/SC is loaded at run time, so a machine without the
smart-card service still loads the module).  Read from the export and import
tables that `x86_64-w64-mingw32-objdump -p` prints.

usage: windows_dll.py OBJDUMP FUNCTIONS_HPP PROFILE DLL [-- COMPILER ARGS...]
  With a compiler command after "--", the DLL is built by it first (the
  Linux suite's tests/provider/windows_module.cpp, one per thread model).
Exit 77 (a skip, named by meson) when OBJDUMP or the compiler is missing.
"""
import pathlib
import re
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
from gen_version_script import profile_functions  # noqa: E402

# Windows' own DLLs a module may import: the kernel, the C runtime (msvcrt, or
# the universal CRT and its api-ms-win-crt-* forwarders), CNG, and ADVAPI32
# (registry, security descriptors).
ALLOWED = re.compile(r"^(kernel32|advapi32|bcrypt|msvcrt|ucrtbase|api-ms-win-crt-[a-z0-9-]+)\.dll$", re.IGNORECASE)
WHY_NOT = {
    "winscard.dll": "PC/SC must be loaded at run time (LoadLibrary), as libpcsclite is on Linux",
    "libstdc++-6.dll": "link the C++ runtime statically (-static)",
    "libgcc_s_seh-1.dll": "link libgcc statically (-static)",
    "libwinpthread-1.dll": "link winpthread statically (-static)",
}


def tables(objdump, dll):
    text = subprocess.run([objdump, "-p", dll], check=True, capture_output=True, text=True).stdout
    imports = re.findall(r"^\s*DLL Name: (\S+)", text, re.MULTILINE)
    exports = []
    section = text.split("[Ordinal/Name Pointer] Table", 1)
    if len(section) == 2:
        for line in section[1].splitlines()[1:]:
            m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)", line)
            if not m:
                break
            exports.append(m.group(1))
    return imports, exports


def main():
    args = sys.argv[1:]
    compile_cmd = []
    if "--" in args:
        i = args.index("--")
        args, compile_cmd = args[:i], args[i + 1:]
    objdump, functions_hpp, profile, dll = args
    for tool in [objdump] + compile_cmd[:1]:
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} not found (g++-mingw-w64-x86-64: sh scripts/deps.sh)")
            return 77
    if compile_cmd:
        built = subprocess.run(compile_cmd)
        if built.returncode != 0:
            print("FAIL: the DLL does not build: " + " ".join(compile_cmd))
            return 1
    imports, exports = tables(objdump, dll)
    expected = profile_functions(functions_hpp, profile)
    print(f"{dll}: imports {', '.join(imports)}; exports {len(exports)} names")
    failures = []
    for name in imports:
        if not ALLOWED.match(name):
            failures.append(f"imports {name}: {WHY_NOT.get(name.lower(), 'not a DLL of Windows itself')}")
    extra = sorted(set(exports) - set(expected))
    missing = [n for n in expected if n not in exports]
    if extra:
        failures.append(f"exports {len(extra)} names beyond the C_ functions of {profile}: {', '.join(extra[:20])}")
    if missing:
        failures.append(f"does not export {len(missing)} C_ functions of {profile}: {', '.join(missing[:20])}")
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print(f"OK: exactly the {len(expected)} C_ functions of {profile}, and only Windows' own DLLs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
