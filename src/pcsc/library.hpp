// PCSC-Lite, loaded at run time.  libp11forge.so must load and serve its
// software token on a machine without libpcsclite or pcscd, so it never links
// against the library: the few functions it uses are looked up with dlopen /
// dlsym the first time a reader is wanted.  Only PCSC-Lite's headers are
// needed at build time, for the types.
//
// Windows: winscard.dll, loaded the same way (LoadLibraryExW from System32,
// GetProcAddress), with mingw-w64's <winscard.h> for the types.  Its
// declarations are Windows' own: LONG results, DWORD sizes, SCARDCONTEXT as
// ULONG_PTR, SCARD_READERSTATEA in Windows' layout, and the `A` functions
// (SCardListReaders is a macro for SCardListReadersA there, so the table's
// types below are the A ones).  SCARD_PCI_T1 is not used on either side
// (g_rgSCardT1Pci is a data export): connection.cpp makes its own.
#pragma once

#include "windows_api.hpp"
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
