// PCSC-Lite, loaded at run time.  libp11forge.so must load and serve its
// software token on a machine without libpcsclite or pcscd, so it never links
// against the library: the few functions it uses are looked up with dlopen /
// dlsym the first time a reader is wanted.  Only PCSC-Lite's headers are
// needed at build time, for the types.
#pragma once

#include <winscard.h>

namespace p11::pcsc {

struct api {
    decltype(&::SCardEstablishContext) establish_context;
    decltype(&::SCardReleaseContext) release_context;
    decltype(&::SCardListReaders) list_readers;
    decltype(&::SCardConnect) connect;
    decltype(&::SCardReconnect) reconnect;
    decltype(&::SCardDisconnect) disconnect;
    decltype(&::SCardBeginTransaction) begin_transaction;
    decltype(&::SCardEndTransaction) end_transaction;
    decltype(&::SCardTransmit) transmit;
    decltype(&::SCardGetStatusChange) get_status_change;
    decltype(&::SCardCancel) cancel;
};

// The loaded library, or nullptr when it is absent or incomplete.  Loaded
// once per process and never unloaded (a handle we gave out may outlive
// C_Finalize in another thread's hands).  $P11FORGE_PCSC_LIBRARY names
// another file (tests use it to simulate a machine without PC/SC).
[[nodiscard]] const api* library();

} // namespace p11::pcsc
