#!/usr/bin/env python3
"""Checks that the first ```cpp block of a document is a source file, word
for word: the guide shows the example the tests build and load, not a
version of it that drifted.

usage: doc_block.py DOCUMENT.md SOURCE
"""
import re
import sys


def main():
    doc, source = sys.argv[1], sys.argv[2]
    with open(doc, encoding="utf-8") as f:
        block = re.search(r"^```cpp\n(.*?)^```$", f.read(), re.S | re.M)
    with open(source, encoding="utf-8") as f:
        code = f.read()
    if block is None:
        print(f"{doc} has no ```cpp block")
        sys.exit(1)
    if block.group(1) != code:
        print(f"the first ```cpp block of {doc} is not {source}")
        sys.exit(1)
    print(f"{doc} shows {source} ({code.count(chr(10))} lines)")


if __name__ == "__main__":
    main()
