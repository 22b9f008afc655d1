#!/usr/bin/python3
"""The layers of src/ as rules on #include lines and meson dependencies.

    crypto  <-  mech  <-  softtoken          <-  module
                      <-  cards  <-  piv (and every later card family)

A token stands on the mechanism layer, never on another token, so a fix to a
mechanism is made once; the card seam (src/cards) knows no card family; crypto/internal/ is the backends' business and no
one else's (the crypto layer's own white-box tests in tests/crypto excepted).

Usage: layering.py SOURCE_ROOT
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)
SOURCES = ('.cpp', '.hpp', '.h', '.c', '.cc')
TOKENS = ('softtoken/', 'piv/', 'openpgp/')

# (name, files the rule applies to, forbidden include prefixes, files exempt)
RULES = [
    ('src/piv stands on src/mech, not on the software token', ['src/piv'], ['softtoken/'], []),
    ('src/openpgp stands on src/mech, not on another token', ['src/openpgp'], ['softtoken/', 'piv/'], []),
    ('src/softtoken knows no card token', ['src/softtoken'], ['piv/', 'openpgp/', 'cards/', 'pcsc/'], []),
    ('src/cards knows no card family and no software token', ['src/cards'], list(TOKENS), []),
    ('src/mech knows no token, store or module', ['src/mech'],
     list(TOKENS) + ['cards/', 'pcsc/', 'store/', 'module/'], []),
    ('src/crypto knows nothing above it', ['src/crypto'],
     list(TOKENS) + ['mech/', 'cards/', 'pcsc/', 'store/', 'module/', 'p11/provider/'], []),
    ('crypto/internal/ is private to src/crypto', ['src', 'fuzz', 'bench', 'tools', 'examples', 'tests'],
     ['crypto/internal/'], ['src/crypto', 'tests/crypto']),
    # A store of attribute sets, usable by any token: attribute_set lives in
    # include/p11/attributes/, below the framework.
    ('src/store does not depend on the provider framework', ['src/store'], ['p11/provider/'], []),
]
# Meson dependencies that would undo the include rules at link time.
MESON_RULES = [
    ('src/piv/meson.build', 'p11forge_softtoken_dep'),
    ('src/softtoken/meson.build', 'p11forge_piv_dep'),
    ('src/mech/meson.build', 'p11forge_softtoken_dep'),
    ('src/mech/meson.build', 'p11forge_piv_dep'),
    ('src/mech/meson.build', 'p11forge_store_dep'),
    ('src/cards/meson.build', 'p11forge_piv_dep'),
    ('src/cards/meson.build', 'p11forge_openpgp_dep'),
    ('src/openpgp/meson.build', 'p11forge_softtoken_dep'),
    ('src/openpgp/meson.build', 'p11forge_piv_dep'),
    ('src/cards/meson.build', 'p11forge_softtoken_dep'),
]


def files_under(root, folders, exempt):
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob('*')):
            rel = path.relative_to(root).as_posix()
            if path.suffix in SOURCES and not any(rel == e or rel.startswith(e + '/') for e in exempt):
                yield rel, path


def violations(root, rules):
    for name, folders, forbidden, exempt in rules:
        for rel, path in files_under(root, folders, exempt):
            for included in INCLUDE.findall(path.read_text(errors='replace')):
                if any(included.startswith(f) for f in forbidden):
                    yield f'{rel}: includes {included} ({name})'


def meson_violations(root):
    for build_file, dependency in MESON_RULES:
        path = root / build_file
        if path.is_file() and re.search(r'\b' + dependency + r'\b', path.read_text()):
            yield f'{build_file}: uses {dependency}'


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    root = pathlib.Path(argv[1])
    if not (root / 'src').is_dir():
        print(f'{root}: no src/ here')
        return 2
    found = list(violations(root, RULES)) + list(meson_violations(root))
    for line in found:
        print(line)
    print(f'layering: {len(found)} violation(s)')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
