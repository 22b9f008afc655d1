"""The host side in the virtual cards' unit tests: building APDUs, reading whole responses, and
playing vpcd to a card process."""

import socket
import struct


def apdu(cla, ins, p1, p2, data=b"", le=None):
    """A short APDU (Le 256 is written as 00)."""
    out = bytes([cla, ins, p1, p2])
    if data:
        out += bytes([len(data)]) + data
    if le is not None:
        out += bytes([le & 0xFF])
    return out


def transmit(card, raw):
    """One command to an in-process card -> (data, sw), fetching 61 XX continuations with
    GET RESPONSE; raw may be bytes or hex."""
    resp = card.process(bytes.fromhex(raw) if isinstance(raw, str) else raw)
    data, sw = resp[:-2], int.from_bytes(resp[-2:], "big")
    while sw >> 8 == 0x61:
        resp = card.process(apdu(0, 0xC0, 0, 0, le=sw & 0xFF))
        data, sw = data + resp[:-2], int.from_bytes(resp[-2:], "big")
    return data, sw


def vpcd_exchange(conn, msg, reply=True):
    """One message as vpcd frames it (2-byte length) to a card process; its framed reply."""
    conn.sendall(struct.pack(">H", len(msg)) + msg)
    if not reply:
        return None
    n = struct.unpack(">H", conn.recv(2, socket.MSG_WAITALL))[0]
    return conn.recv(n, socket.MSG_WAITALL) if n else b""
