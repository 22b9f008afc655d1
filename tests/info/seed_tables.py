#!/usr/bin/python3
"""The seed page's version and prefix tables against `p11forge-info
--versions` and `--prefixes`.

Every row of the page's "Cryptoki specifications" table (version, major and
minor byte) must be a row of --versions with the same bytes, and every row
of its "Prefixes" table a row of --prefixes with the same description.  The
tool may know more (3.x); it may not contradict the page.

usage: seed_tables.py P11FORGE_INFO SEED_PAGE
"""
import subprocess
import sys

EXPECTED_VERSIONS = 7
EXPECTED_PREFIXES = 23


def page_table(lines, title, header):
    """The cells of the rows of the table that follows the line `title`."""
    start = lines.index(title)
    if not lines[start + 1].startswith(header):
        sys.exit(f"the page's {title!r} table moved: {lines[start + 1]!r}")
    rows = []
    for line in lines[start + 3:]:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 3:
            break
        rows.append(cells[:-1] if cells[-1] == "" else cells)
    return rows


def tool_table(info, option):
    out = subprocess.run([info, option], check=True, capture_output=True, text=True).stdout
    return {cells[0]: cells[1:] for cells in
            ([c.strip() for c in line.split("|")] for line in out.splitlines()[1:] if "|" in line)}


def main():
    info, page = sys.argv[1], sys.argv[2]
    with open(page, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    failures = []

    versions = page_table(lines, "Cryptoki specifications", "Version | major | minor")
    if len(versions) != EXPECTED_VERSIONS:
        failures.append(f"the page lists {len(versions)} versions, expected {EXPECTED_VERSIONS}")
    tool_versions = tool_table(info, "--versions")
    for version, major, minor in versions:
        found = tool_versions.get(version)
        if found is None:
            failures.append(f"version {version}: on the page, not in p11forge-info --versions")
        elif (int(found[0], 16), int(found[1], 16)) != (int(major, 16), int(minor, 16)):
            failures.append(f"version {version}: page {major} {minor}, p11forge-info {found[0]} {found[1]}")

    prefixes = page_table(lines, "Prefixes", "Prefix | Description")
    if len(prefixes) != EXPECTED_PREFIXES:
        failures.append(f"the page lists {len(prefixes)} prefixes, expected {EXPECTED_PREFIXES}")
    tool_prefixes = tool_table(info, "--prefixes")
    for prefix, description in prefixes:
        found = tool_prefixes.get(prefix)
        if found is None:
            failures.append(f"prefix {prefix}: on the page, not in p11forge-info --prefixes")
        elif found[0] != description:
            failures.append(f"prefix {prefix}: page {description!r}, p11forge-info {found[0]!r}")

    for f in failures:
        print("FAIL:", f)
    print(f"{len(versions)} versions and {len(prefixes)} prefixes of the page checked; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
