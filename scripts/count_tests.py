#!/usr/bin/env python3
"""Counts a meson testlog.json: prints 'NAME meson PASSED FAILED SKIPPED [NAMES]'.
Expected failures count as passed.  Skipped tests count as neither passed nor
failed, but are counted and named (comma-separated, last field) so that the
summary shows a test that did not run instead of hiding it."""
import json
import sys

passed = failed = 0
skipped = []
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        test = json.loads(line)
        result = test["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            # "project:suite / name": the name alone, one word for the summary's columns.
            skipped.append(test["name"].split(" / ")[-1].replace(" ", "_"))
        else:
            failed += 1
print(f"{sys.argv[2]} meson {passed} {failed} {len(skipped)} {','.join(skipped)}".rstrip())
