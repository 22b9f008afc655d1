#!/usr/bin/env python3
"""Prints the end of each failed test's output from a meson testlog.json, so that
a CI log that keeps only the summary still says why a test failed.

    failure_logs.py TESTLOG.json [LINES]
"""
import json
import sys

lines = int(sys.argv[2]) if len(sys.argv) > 2 else 30
with open(sys.argv[1], encoding="utf-8") as log:
    for entry in log:
        test = json.loads(entry)
        if test["result"] in ("OK", "EXPECTEDFAIL", "SKIP"):
            continue
        print(f"--- {test['name']}: {test['result']} (exit {test.get('returncode')}, "
              f"{test.get('duration', 0):.2f}s)")
        for stream in ("stdout", "stderr"):
            text = (test.get(stream) or "").rstrip("\n")
            if text:
                tail = text.split("\n")[-lines:]
                print(f"    [{stream}, last {len(tail)} lines]")
                print("\n".join("    " + line for line in tail))
