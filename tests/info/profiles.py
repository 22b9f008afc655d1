#!/usr/bin/python3
"""p11forge-info --profiles against what the build offers and what the tables say.

    profiles.py P11FORGE_INFO MESON_OPTIONS

Every -Dcryptoki_version choice of meson_options.txt is listed, with the
version its name reports; every admitted constant is newer than that version
(else admitting it would mean nothing), and `p11forge-info NAME` marks the
profile "(admitted)" for it and for nothing that profile does not admit."""
import re
import subprocess
import sys

info, options = sys.argv[1:3]


def run(*args):
    return subprocess.run([info, *args], check=True, capture_output=True, text=True).stdout


def version(text):
    major, minor = text.split(".")
    return (int(major), int(minor))


failures = []
choices = re.search(r"option\('cryptoki_version'.*?choices: \[([^\]]*)\]", open(options).read(), re.S).group(1)
choices = re.findall(r"'([^']+)'", choices)
listing = run("--profiles")
profiles = {}
current = None
for line in listing.splitlines():
    head = re.match(r"^(\S+): reports Cryptoki (\d+\.\d+)", line)
    if head:
        current = head.group(1)
        profiles[current] = (head.group(2), [])
        continue
    row = re.match(r"^    (\S+) +since (\d+\.\d+)$", line)
    if row and current:
        profiles[current][1].append((row.group(1), row.group(2)))
    elif line.strip():
        failures.append("unexpected line: " + line)

if sorted(profiles) != sorted(choices):
    failures.append("profiles %s, meson_options.txt offers %s" % (sorted(profiles), sorted(choices)))
for name, (reported, admitted) in profiles.items():
    if reported != name.split("-")[0]:
        failures.append("%s reports %s" % (name, reported))
    for constant, since in admitted:
        if version(since) <= version(reported):
            failures.append("%s admits %s, which %s already has (since %s)" % (name, constant, reported, since))
        described = run(constant)
        if ("%s (admitted)" % name) not in described:
            failures.append("p11forge-info %s does not show it admitted by %s" % (constant, name))
if not any(admitted for _, admitted in profiles.values()):
    failures.append("no profile admits anything: the vendor-like profile is gone")
# A constant no profile admits is never marked so.
if "(admitted)" in run("CKM_SHA256_RSA_PKCS_PSS"):
    failures.append("CKM_SHA256_RSA_PKCS_PSS shown as admitted")

for f in failures:
    print("FAIL:", f)
print("profiles: %d listed, %d admissions checked" % (len(profiles), sum(len(a) for _, a in profiles.values())))
sys.exit(1 if failures else 0)
