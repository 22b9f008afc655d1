#!/usr/bin/env python3
"""Checks subprojects/*.wrap without the network (nothing is downloaded
here, subprojects/README.md): each is a complete wrap-file whose tarball is
pinned by a SHA-256, whose patch_directory is p11forge's own Meson build
under subprojects/packagefiles and defines every variable the wrap
provides, at the version the tarball's directory names; and each provided
name is a dependency p11forge's build asks for, so that the fallback is
the one meson takes.

usage: wraps.py SOURCE_ROOT
"""
import configparser
import pathlib
import re
import sys


def asked_dependencies(root):
    """Names passed to dependency('...') in p11forge's own meson.build files."""
    names = set()
    for build in root.rglob("meson.build"):
        rel = build.relative_to(root).parts
        if rel[0] in ("subprojects", "builds"):
            continue
        names.update(re.findall(r"dependency\('([^']+)'", build.read_text(encoding="utf-8")))
    return names


def check(wrap, root, asked):
    problems = []
    cfg = configparser.ConfigParser(comment_prefixes=(";", "#"))
    cfg.read(wrap, encoding="utf-8")
    if "wrap-file" not in cfg:
        return [f"{wrap.name}: no [wrap-file] section"]
    w = cfg["wrap-file"]
    for key in ("directory", "source_url", "source_filename", "source_hash", "patch_directory"):
        if key not in w:
            problems.append(f"{wrap.name}: no {key}")
    if problems:
        return problems
    if not w["source_url"].startswith("https://"):
        problems.append(f"{wrap.name}: source_url is not https")
    if not re.fullmatch(r"[0-9a-f]{64}", w["source_hash"]):
        problems.append(f"{wrap.name}: source_hash is not a SHA-256")
    build = root / "subprojects" / "packagefiles" / w["patch_directory"] / "meson.build"
    if not build.is_file():
        return problems + [f"{wrap.name}: {build} is missing"]
    text = build.read_text(encoding="utf-8")
    version = re.search(r"version: '([^']+)'", text)
    if not version or not w["directory"].endswith("-" + version.group(1)):
        problems.append(f"{wrap.name}: {build.name}'s version is not the one of {w['directory']}")
    for name, variable in cfg["provide"].items() if "provide" in cfg else []:
        if not re.search(rf"^{re.escape(variable)} = ", text, re.M):
            problems.append(f"{wrap.name}: {variable} (for {name}) is not defined by {build}")
        if name not in asked:
            problems.append(f"{wrap.name}: provides {name}, which p11forge never asks for")
    return problems


def main():
    root = pathlib.Path(sys.argv[1])
    asked = asked_dependencies(root)
    wraps = sorted((root / "subprojects").glob("*.wrap"))
    if not wraps:
        print("no wrap files in subprojects/")
        sys.exit(1)
    problems = []
    for wrap in wraps:
        found = check(wrap, root, asked)
        print(f"{wrap.name}: {'ok' if not found else 'FAILED'}")
        problems += found
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
