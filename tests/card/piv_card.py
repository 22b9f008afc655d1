#!/usr/bin/python3
"""A virtual PIV card (NIST SP 800-73-4 card edge) for tests, inserted into a real pcscd.

    piv_card.py --provision FIXTURE_DIR [--port 35963] [--log APDU_LOG] [--state STATE.json]

The vpcd connection, SIGUSR1 removal and --reconnect: vpcd_transport.py.  SIGTERM ends the
card.  Must run under Debian's /usr/bin/python3 (needs python3-cryptography).
"""

import argparse
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import vpcd_transport  # noqa: E402
from piv_applet import QUIRKS, Card  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--provision", metavar="DIR", help="fixture directory (9a.key, 9a.crt, ..., pin, puk)")
    ap.add_argument("--state", metavar="FILE",
                    help="JSON file keeping PINs, counters, objects, keys across restarts")
    ap.add_argument("--guid", help="CHUID GUID as 32 hex digits (default: derived from the 9A cert)")
    ap.add_argument("--tries", type=int, default=3, help="PIN and PUK retry counters (default 3)")
    ap.add_argument("--no-admin-check", action="store_true",
                    help="allow PUT DATA and key generation without 9B management key authentication")
    ap.add_argument("--quirk", action="append", default=[], choices=sorted(QUIRKS),
                    help="behave like a flawed card: " + "; ".join(f"{k}: {v}" for k, v in QUIRKS.items()))
    vpcd_transport.add_arguments(ap)
    args = ap.parse_args()

    card = Card.load(args.provision, args.state, tries=args.tries, guid=args.guid,
                     admin_check=not args.no_admin_check, quirks=args.quirk)
    return vpcd_transport.run(card, args)


if __name__ == "__main__":
    sys.exit(main())
