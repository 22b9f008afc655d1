#!/usr/bin/python3
"""The seed page's error-code table against `p11forge-info --errors`.

Every CKR_ row of the page (name, HEX, DEC where the page gives one) must be
a row of the tool's table with the same value.  Where the vendor page and the
specification disagree the specification wins: each such row is listed in
KNOWN_DIFFERENCES with the reason, and is checked to still differ (so a fixed
page or a changed table shows up here instead of hiding behind the list).

usage: seed_errors.py P11FORGE_INFO SEED_PAGE
"""
import re
import subprocess
import sys

EXPECTED_PAGE_ROWS = 85

# name -> why the tables (the specification) say otherwise than the page.
# Empty: on all 85 rows the page agrees with the OASIS headers; its DEC cells
# are mostly blank, which is not a disagreement (the tool prints them all).
KNOWN_DIFFERENCES = {}

# The page documents a module that reports 2.11, and its table is exactly the
# codes defined up to 2.11; a code the tables date later than 2.11 but the page
# lists, or one dated up to 2.11 the page lacks, is a dating error on one side.
PAGE_VERSION = (2, 11)


def page_rows(path):
    """The rows of the table under 'PKCS#11 Error Codes', as (name, hex, dec or None)."""
    with open(path, encoding="utf-8") as page:
        lines = [line.rstrip("\n") for line in page]
    start = lines.index("PKCS#11 Error Codes")
    if not lines[start + 1].startswith("Name | HEX | DEC"):
        sys.exit(f"{path}: the error-code table's header moved: {lines[start + 1]!r}")
    rows = []
    for line in lines[start + 3:]:
        if not line.startswith("CKR_"):
            break
        # The last row ("CKR_VENDOR_DEFINED | 0x80000000 |") has no DEC cell at all.
        cells = [c.strip() for c in line.split("|")]
        name, hex_text = cells[0], cells[1]
        dec_text = cells[2] if len(cells) > 2 else ""
        rows.append((name, hex_text, dec_text or None))
    return rows


def tool_rows(info):
    out = subprocess.run([info, "--errors"], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    if not re.match(r"Name\s*\|\s*HEX\s*\|\s*DEC\s*\|", lines[0]):
        sys.exit(f"p11forge-info --errors: unexpected header {lines[0]!r}")
    table = {}
    for line in lines[1:]:
        name, hex_text, dec_text, since_text = (c.strip() for c in line.split("|"))
        if name in table:
            sys.exit(f"p11forge-info --errors lists {name} twice")
        # "vendor extension" rows have no version to compare.
        since = tuple(int(x) for x in since_text.split(".")) if since_text[0].isdigit() else None
        table[name] = (hex_text, dec_text, since)
    return table


def main():
    info, page = sys.argv[1], sys.argv[2]
    rows = page_rows(page)
    tool = tool_rows(info)
    failures = []
    if len(rows) != EXPECTED_PAGE_ROWS:
        failures.append(f"the page's table has {len(rows)} CKR rows, expected {EXPECTED_PAGE_ROWS}")

    for name, page_hex, page_dec in rows:
        # The page against itself: a DEC cell that does not match its HEX is a page error.
        if page_dec is not None and int(page_dec) != int(page_hex, 16):
            failures.append(f"{name}: the page's DEC {page_dec} is not its HEX {page_hex}")
        found = tool.get(name)
        differs = found is None or int(found[0], 16) != int(page_hex, 16) or \
            (page_dec is not None and int(found[1]) != int(page_dec))
        # The tool's own row must be consistent whatever the page says.
        if found is not None and int(found[0], 16) != int(found[1]):
            failures.append(f"{name}: p11forge-info's HEX {found[0]} and DEC {found[1]} differ")
        if name in KNOWN_DIFFERENCES:
            if not differs:
                failures.append(f"{name}: listed as a known difference but the page and the tool agree now")
            continue
        if found is None:
            failures.append(f"{name}: on the page, not in p11forge-info --errors")
        elif differs:
            failures.append(f"{name}: page {page_hex} / {page_dec}, p11forge-info {found[0]} / {found[1]}")

    on_page = {r[0] for r in rows}
    up_to_page = {n for n, (_h, _d, since) in tool.items() if since is not None and since <= PAGE_VERSION}
    for name in sorted(up_to_page - on_page - set(KNOWN_DIFFERENCES)):
        failures.append(f"{name}: defined by {PAGE_VERSION[0]}.{PAGE_VERSION[1]:02} in the tables, not on the page")
    for name in sorted(on_page - up_to_page - set(KNOWN_DIFFERENCES)):
        if name in tool:
            failures.append(f"{name}: on the page, but the tables date it after the page's version")

    for name in KNOWN_DIFFERENCES:
        if name not in {r[0] for r in rows}:
            failures.append(f"{name}: a known difference that the page no longer lists")

    for f in failures:
        print("FAIL:", f)
    with_dec = sum(1 for r in rows if r[2] is not None)
    print(f"{len(rows)} page rows ({with_dec} with DEC) checked against {len(tool)} codes of p11forge-info; "
          f"{len(KNOWN_DIFFERENCES)} known differences; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
