#include "pcsc/errors.hpp"

namespace p11::pcsc {

card::error error_of(LONG code) {
    card::errc c = card::errc::transport;
    switch (code) {
    // Removal seen by pcscd, and removal between two APDUs before its next
    // presence poll (NOT_TRANSACTED); a reset by another process loses our
    // application selection and PIN state just the same.
    case SCARD_W_REMOVED_CARD:
    case SCARD_E_NO_SMARTCARD:
    case SCARD_W_RESET_CARD:
    case SCARD_E_NOT_TRANSACTED:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_W_UNRESPONSIVE_CARD: c = card::errc::removed; break;
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
    case SCARD_E_NO_READERS_AVAILABLE:
    // pcscd stopped (or restarted: the context died with the old one).
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED: c = card::errc::no_reader; break;
    default: break;
    }
    return card::error{c, 0, static_cast<long>(code)};
}

} // namespace p11::pcsc
