#!/usr/bin/python3
"""A virtual OpenPGP card (OpenPGP Smart Card Application v3.4) for tests, inserted into a real
pcscd like piv_card.py.

    openpgp_card.py --provision FIXTURE_DIR [--port 35963] [--log APDU_LOG] [--state STATE.json]

FIXTURE_DIR is made by make_openpgp_fixture.py (none: an empty card, PW1 123456, PW3
12345678).  The vpcd connection, SIGUSR1 removal and --reconnect: vpcd_transport.py.  Must run
under Debian's /usr/bin/python3 (needs python3-cryptography).
"""

import argparse
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import vpcd_transport  # noqa: E402
from openpgp_applet import Card  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--provision", metavar="DIR", help="fixture directory (sig.key, ..., pw1, pw3)")
    ap.add_argument("--state", metavar="FILE",
                    help="JSON file keeping PWs, counters, data objects, keys across restarts")
    ap.add_argument("--tries", type=int, default=3, help="PW1, RC and PW3 retry counters (default 3)")
    vpcd_transport.add_arguments(ap)
    args = ap.parse_args()
    return vpcd_transport.run(Card.load(args.provision, args.state, tries=args.tries), args)


if __name__ == "__main__":
    sys.exit(main())
