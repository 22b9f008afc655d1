#!/usr/bin/python3
"""Runs examples/firmware under QEMU (mps2-an386, Cortex-M4) on templates and
requests made here, and checks what it prints against answers worked out here
from the same inputs by the rules of C_GetAttributeValue (PKCS #11 base spec).

Usage: qemu_example.py SOURCE_ROOT OUTPUT_DIR QEMU"""
import os
import struct
import subprocess
import sys
import tempfile

SKIP = 77
CKA = {'CKA_CLASS': 0x0, 'CKA_TOKEN': 0x1, 'CKA_LABEL': 0x3, 'CKA_VALUE': 0x11, 'CKA_KEY_TYPE': 0x100,
       'CKA_ID': 0x102, 'CKA_SENSITIVE': 0x103, 'CKA_EXTRACTABLE': 0x162}
CKR = {0x0: 'CKR_OK', 0x11: 'CKR_ATTRIBUTE_SENSITIVE', 0x12: 'CKR_ATTRIBUTE_TYPE_INVALID',
       0x13: 'CKR_ATTRIBUTE_VALUE_INVALID', 0xD1: 'CKR_TEMPLATE_INCONSISTENT', 0x150: 'CKR_BUFFER_TOO_SMALL'}
NULL = None  # a request entry without a buffer: a length query


def ulong(v):
    return struct.pack('<I', v)  # CK_ULONG of a 32-bit little-endian target


def template_bytes(attrs):
    return b''.join(struct.pack('<II', CKA[t], len(v)) + v for t, v in attrs)


def request_bytes(request):
    return b''.join(struct.pack('<II', CKA[t], 0xFFFFFFFF if n is NULL else n) for t, n in request)


def expected_answer(attrs, request):
    """The lines the example must print for a template it accepts."""
    values = dict(attrs)
    # CKA_VALUE of a CKA_SENSITIVE key is never revealed (it is the one
    # attribute of these with that footnote).
    secret = values.get('CKA_SENSITIVE') == b'\x01' or values.get('CKA_EXTRACTABLE') == b'\x00'
    hidden = {'CKA_VALUE'} if secret else set()
    lines, sensitive, invalid, too_small = [], False, False, False
    for t, size in request:
        if t not in values:
            lines.append(f'{t} unavailable')
            invalid = True
        elif t in hidden:
            lines.append(f'{t} unavailable')
            sensitive = True
        elif size is NULL:
            lines.append(f'{t} {len(values[t])}')
        elif size >= len(values[t]):
            lines.append(f'{t} {len(values[t])} {values[t].hex()}')
        else:
            lines.append(f'{t} unavailable')
            too_small = True
    # The spec lets a module return any of the codes that apply; p11forge
    # returns them in the order of its cases (include/p11/attributes/output.hpp).
    code = 0x11 if sensitive else 0x12 if invalid else 0x150 if too_small else 0
    return lines + [f'rv {CKR[code]}']


KEY = [('CKA_CLASS', ulong(4)), ('CKA_KEY_TYPE', ulong(0x1F)), ('CKA_TOKEN', b'\x00'),
       ('CKA_LABEL', 'fw-clé'.encode()), ('CKA_VALUE', bytes(range(0x30, 0x40))), ('CKA_SENSITIVE', b'\x01')]
PUBLIC_KEY = [('CKA_CLASS', ulong(4)), ('CKA_LABEL', b'open'), ('CKA_VALUE', b'\x0b\xad\xf0\x0d')]
EVERY_CASE = [('CKA_LABEL', 32), ('CKA_CLASS', 4), ('CKA_VALUE', 32), ('CKA_ID', 8), ('CKA_LABEL', NULL),
              ('CKA_KEY_TYPE', 2)]

CASES = [
    # (name, template records, request, expected lines, QEMU's exit status)
    ('every outcome', template_bytes(KEY), EVERY_CASE, expected_answer(KEY, EVERY_CASE), 0),
    ('all revealed', template_bytes(PUBLIC_KEY), [('CKA_VALUE', 4), ('CKA_LABEL', NULL)],
     expected_answer(PUBLIC_KEY, [('CKA_VALUE', 4), ('CKA_LABEL', NULL)]), 0),
    ('too small only', template_bytes(PUBLIC_KEY), [('CKA_LABEL', 3)],
     expected_answer(PUBLIC_KEY, [('CKA_LABEL', 3)]), 0),
    # Templates parse_template must refuse, with the code the spec names.
    ('overlong UTF-8 label', template_bytes([('CKA_LABEL', b'\xc0\xaf')]), [('CKA_LABEL', 8)],
     ['template rejected CKR_ATTRIBUTE_VALUE_INVALID'], 0),
    ('CK_BBOOL of two bytes', template_bytes([('CKA_TOKEN', b'\x01\x00')]), [],
     ['template rejected CKR_ATTRIBUTE_VALUE_INVALID'], 0),
    ('label twice', template_bytes([('CKA_LABEL', b'a'), ('CKA_LABEL', b'b')]), [],
     ['template rejected CKR_TEMPLATE_INCONSISTENT'], 0),
    ('unknown type', struct.pack('<II', 0x7000, 1) + b'x', [], ['template rejected CKR_ATTRIBUTE_TYPE_INVALID'], 0),
    # A record whose length runs past the end of the input.
    ('truncated record', struct.pack('<II', CKA['CKA_LABEL'], 100) + b'short', [], ['input malformed'], 1),
]


def main():
    src, out, qemu = sys.argv[1:4]
    image = os.path.join(out, 'firmware-example.elf')
    link = subprocess.run(['sh', os.path.join(src, 'tests/firmware/link.sh'), src, image,
                           os.path.join(src, 'examples/firmware/main.cpp')])
    if link.returncode != 0:
        return link.returncode  # 77 (newlib missing) stays a skip
    failures = 0
    for name, template, request, expected, status in CASES:
        with tempfile.TemporaryDirectory() as run_dir:
            with open(os.path.join(run_dir, 'template.bin'), 'wb') as f:
                f.write(template)
            with open(os.path.join(run_dir, 'request.bin'), 'wb') as f:
                f.write(request_bytes(request))
            try:
                run = subprocess.run([qemu, '-M', 'mps2-an386', '-display', 'none', '-monitor', 'none',
                                      '-serial', 'null', '-chardev', 'stdio,id=semihosting',
                                      '-semihosting-config', 'enable=on,target=native,chardev=semihosting',
                                      '-kernel', image], cwd=run_dir, stdin=subprocess.DEVNULL,
                                     capture_output=True, text=True, timeout=30)
            except subprocess.TimeoutExpired:
                print(f'FAIL {name}: QEMU did not exit within 30 s (no SYS_EXIT?)')
                failures += 1
                continue
        got = run.stdout.splitlines()
        if got == expected and run.returncode == status:
            print(f'ok   {name}')
            continue
        failures += 1
        print(f'FAIL {name}: exit status {run.returncode} (want {status})\n  got:  {got}\n  want: {expected}')
        if run.stderr:
            print('  stderr: ' + run.stderr.strip())
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
