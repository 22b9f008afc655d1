"""YubiKey extensions of the PIV card edge, as Yubico's own tools send them.

Off unless the card runs with --yubikey: a plain PIV card answers these instructions 6D 00, and
OpenSC's PIV driver changes course on a card that tells its YubiKey version.  Only what
yubico-piv-tool and ykcs11 (Debian 12: 2.2.0) send in the scenarios of test_yubico.sh:

  FD GET VERSION   -> major minor patch (every ykpiv_connect asks it)
  F8 GET SERIAL    -> 4 bytes big-endian (firmware 5 and later; older ones select the OTP applet)
  F7 GET METADATA  -> of a key slot: 01 algorithm, 02 PIN/touch policy, 03 origin, 04 public key
                      (ykcs11 builds its key objects from it when attestation is refused)

F9 ATTEST is not emulated (no attestation key): it answers 6D 00, which ykcs11 takes for "not
supported" and falls back to GET METADATA.  FF SET MANAGEMENT KEY, FB RESET, FA SET PIN RETRIES
and FE IMPORT ASYMMETRIC KEY are sent only by actions the tests do not use.
"""

from piv_data import CERT_TAGS, SW, TAG_CHUID, key_alg, parse_tlv, public_key_template, tlv

GET_VERSION, GET_SERIAL, GET_METADATA = 0xFD, 0xF8, 0xF7
VERSION = bytes([5, 4, 3])  # a firmware with GET SERIAL and GET METADATA
ORIGIN_GENERATED, ORIGIN_IMPORTED = 0x01, 0x02
# PIN policy (01 never, 02 once, 03 always) as the card enforces it; touch policy 01: never.
_PIN_POLICY = {0x9E: 0x01, 0x9C: 0x03}


def get_version(card, p1, p2, data):
    return VERSION


def get_serial(card, p1, p2, data):
    # Stable per card and distinct between fixtures: the first bytes of the CHUID's GUID.
    guid = dict(parse_tlv(card.st.objects.get(TAG_CHUID, b""))).get(0x34, bytes(16))
    return (int.from_bytes(guid[:4], "big") & 0x7FFFFFFF).to_bytes(4, "big")


def get_metadata(card, p1, p2, data):
    if p1 != 0x00:
        raise SW(0x6A86)
    if p2 not in CERT_TAGS:
        raise SW(0x6A88)  # PIN, PUK and 9B metadata are not emulated
    key = card.st.keys.get(p2)
    if key is None:
        raise SW(0x6A88)
    origin = ORIGIN_GENERATED if p2 in card.st.generated else ORIGIN_IMPORTED
    return (tlv(0x01, bytes([key_alg(key)])) + tlv(0x02, bytes([_PIN_POLICY.get(p2, 0x02), 0x01]))
            + tlv(0x03, bytes([origin])) + tlv(0x04, public_key_template(key)))


HANDLERS = {GET_VERSION: get_version, GET_SERIAL: get_serial, GET_METADATA: get_metadata}
