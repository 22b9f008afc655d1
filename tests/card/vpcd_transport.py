"""The vpcd side of a virtual card: the wire protocol, the APDU log, removal by SIGUSR1.

vsmartcard-vpcd (a pcscd reader driver) listens on 127.0.0.1:35963 (reader "Virtual PCD 00 00")
and 35964 ("Virtual PCD 00 01"); a card connects to it.  Connected = card inserted.  Both
directions frame every message with a 2-byte big-endian length.  Any card object with atr(),
power_cycle() and process(apdu) -> response can be served (piv_card.py, openpgp_card.py).

Signals: SIGUSR1 toggles removal (closes the connection) and re-insertion; state in memory is
kept, the security status is cleared as by a power cycle.  When vpcd closes the connection
(pcscd stopped) the card ends, or with --reconnect waits for the reader to come back (a
restarted pcscd) and is inserted again, as a card left in a reader is.
"""

import signal
import socket
import struct
import time


class Removed(Exception):
    """Raised from the SIGUSR1 handler to pull the card out of the reader."""


class Log:
    """Every APDU as a hex line: '> command', '< response'; events as '# ...'.

    Tests count APDUs with `grep -c '^>'`; the file is flushed per line so a test can read
    it while the card runs.
    """

    def __init__(self, path):
        self.f = open(path, "a", buffering=1) if path else None

    def write(self, prefix, text):
        if self.f:
            self.f.write(f"{prefix} {text}\n")


def add_arguments(ap):
    """The transport's command-line options, common to every card program."""
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=35963)
    ap.add_argument("--log", metavar="FILE", help="append every APDU as hex lines")
    ap.add_argument("--connect-timeout", type=float, default=10.0)
    ap.add_argument("--reconnect", action="store_true",
                    help="when vpcd closes the connection, wait for it to listen again (pcscd restarted)")


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        # vpcd sends length and payload in two send()s without TCP_NODELAY; re-arming
        # QUICKACK after every recv avoids a ~40 ms delayed-ACK stall per message.
        sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, "TCP_QUICKACK", 12), 1)
        if not chunk:
            return None
        buf += chunk
    return buf


def connect(host, port, timeout):
    """Connects to vpcd, retrying for `timeout` seconds (None: until it listens)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            sock = socket.create_connection((host, port))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError as e:
            if deadline is not None and time.monotonic() > deadline:
                raise SystemExit(f"virtual card: cannot connect to vpcd at {host}:{port}: {e}")
            time.sleep(0.05)


def serve(sock, card, log):
    """Answers vpcd until it closes the connection (pcscd stopped)."""
    try:
        serve_messages(sock, card, log)
    except ConnectionError:  # a pcscd that stops mid-exchange resets the connection
        pass


def serve_messages(sock, card, log):
    while True:
        head = recv_exact(sock, 2)
        if head is None:
            return
        (length,) = struct.unpack(">H", head)
        msg = recv_exact(sock, length)
        if msg is None:
            return
        if length == 1:
            # Control byte: 0 power off, 1 power on, 2 reset (no reply), 4 ATR request.
            ctl = msg[0]
            if ctl in (0, 1, 2):
                card.power_cycle()
                log.write("#", {0: "power off", 1: "power on", 2: "reset"}[ctl])
                continue
            if ctl != 4:
                log.write("#", f"unknown control byte {ctl:02X}")
            reply = card.atr()
        else:
            reply = card.process(msg)
            log.write(">", msg.hex().upper())
            log.write("<", reply.hex().upper())
        sock.sendall(struct.pack(">H", len(reply)) + reply)


def run(card, args):
    """Keeps the card in the reader until vpcd goes away (or forever with --reconnect)."""
    log = Log(args.log)
    inserted = True
    reconnecting = False

    def toggle(_sig, _frame):
        nonlocal inserted
        inserted = not inserted
        if not inserted:
            raise Removed()

    signal.signal(signal.SIGUSR1, toggle)
    while True:
        if not inserted:
            # A short poll, not signal.pause(): a SIGUSR1 arriving between the check and
            # pause() would be lost and the card would never be inserted again.
            time.sleep(0.02)
            continue
        sock = None
        try:
            sock = connect(args.host, args.port, None if reconnecting else args.connect_timeout)
            log.write("#", "inserted")
            serve(sock, card, log)
            log.write("#", "reader closed the connection")
            if not args.reconnect:
                return 0
            reconnecting = True
        except Removed:
            log.write("#", "removed")
        finally:
            if sock:
                sock.close()
            card.power_cycle()
