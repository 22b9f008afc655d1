"""BER-TLV and status words, shared by the virtual cards (PIV and OpenPGP)."""


class SW(Exception):
    """A status word ending the current command."""

    def __init__(self, sw):
        super().__init__(f"{sw:04X}")
        self.sw = sw


def tlv(tag, value=b""):
    """Encodes one BER-TLV; tag is an int (0x7F49 is written as two bytes)."""
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n <= 0xFF:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    return tag_bytes + length + value


def read_tag_length(data, i):
    """The tag and length at data[i:] -> (tag int, length, index of the value)."""
    start = i
    if data[i] & 0x1F == 0x1F:  # multi-byte tag: continue while b8 is set
        i += 1
        while data[i] & 0x80:
            i += 1
    i += 1
    tag = int.from_bytes(data[start:i], "big")
    n = data[i]
    i += 1
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 3 or i + k > len(data):
            raise SW(0x6A80)
        n = int.from_bytes(data[i:i + k], "big")
        i += k
    return tag, n, i


def parse_tlv(data):
    """Splits a sequence of BER-TLVs into [(tag int, value)]; bad encoding -> SW 6A80."""
    out, i = [], 0
    try:
        while i < len(data):
            tag, n, i = read_tag_length(data, i)
            if i + n > len(data):
                raise SW(0x6A80)
            out.append((tag, bytes(data[i:i + n])))
            i += n
    except IndexError:
        raise SW(0x6A80) from None
    return out


def parse_tag_lengths(data):
    """A tag list with lengths but no values (e.g. OpenPGP's 7F48) -> [(tag int, length)]."""
    out, i = [], 0
    try:
        while i < len(data):
            tag, n, i = read_tag_length(data, i)
            out.append((tag, n))
    except IndexError:
        raise SW(0x6A80) from None
    return out
