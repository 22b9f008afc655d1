"""Command APDU parsing and response chaining (61 XX / GET RESPONSE), shared by the virtual cards."""

import functools
import operator

from ber_tlv import SW

OK = 0x9000


def parse_apdu(raw):
    """ISO 7816-3 cases 1-4, short and extended -> (cla, ins, p1, p2, data, le, extended).

    le is None when absent; Le 00 means 256 (short) or 65536 (extended).
    """
    if len(raw) < 4:
        raise SW(0x6700)
    cla, ins, p1, p2 = raw[:4]
    body = raw[4:]
    if not body:
        return cla, ins, p1, p2, b"", None, False
    if len(body) == 1:
        return cla, ins, p1, p2, b"", body[0] or 256, False
    if body[0] == 0 and len(body) >= 3:  # extended length
        if len(body) == 3:
            return cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536, True
        lc = int.from_bytes(body[1:3], "big")
        rest = body[3 + lc:]
        if len(rest) not in (0, 2) or len(body) < 3 + lc:
            raise SW(0x6700)
        le = (int.from_bytes(rest, "big") or 65536) if rest else None
        return cla, ins, p1, p2, body[3:3 + lc], le, True
    lc = body[0]
    rest = body[1 + lc:]
    if len(rest) > 1 or len(body) < 1 + lc:
        raise SW(0x6700)
    return cla, ins, p1, p2, body[1:1 + lc], (rest[0] or 256) if rest else None, False


def make_atr(historical):
    """TS 3B, T0 = 0x80 | number of historical bytes (TD1 follows), TD1 80 (T=0, TD2 follows),
    TD2 01 (T=1), the historical bytes, then TCK (xor of T0..the last historical byte)."""
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    return b"\x3B" + body + bytes([functools.reduce(operator.xor, body)])


def sw_bytes(sw):
    return sw.to_bytes(2, "big")


class ResponseChaining:
    """Responses longer than Le: the first Le bytes with 61 XX, the rest by GET RESPONSE.

    The card keeps the rest in self.pending; any other command drops it (the card's execute
    clears it).
    """

    pending = b""

    def respond(self, data, le, ext, may_6c=False):
        ne = le if le is not None else (65536 if ext else 256)
        if len(data) <= ne:
            return data + sw_bytes(OK)
        if may_6c and not ext and le is not None and len(data) <= 256:
            return sw_bytes(0x6C00 | (len(data) & 0xFF))
        self.pending = data[ne:]
        return data[:ne] + sw_bytes(0x6100 | (min(len(self.pending), 256) & 0xFF))

    def get_response(self, le):
        if not self.pending:
            raise SW(0x6985)
        n = le or 256
        out, self.pending = self.pending[:n], self.pending[n:]
        return out + sw_bytes((0x6100 | (min(len(self.pending), 256) & 0xFF)) if self.pending else OK)
