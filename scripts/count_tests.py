#!/usr/bin/env python3
"""Counts a meson testlog.json: prints 'NAME meson PASSED FAILED'.
Skipped tests count as neither; expected failures count as passed."""
import json
import sys

passed = failed = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result != "SKIP":
            failed += 1
print(f"{sys.argv[2]} meson {passed} {failed}")
