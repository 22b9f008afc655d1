#include "pcsc/library.hpp"

#include <cstdlib>

#if defined(_WIN32)
#include <string>
#else
#include <dlfcn.h>
#endif

namespace p11::pcsc {

namespace {

#if defined(_WIN32)
// winscard.dll, from System32 only (never a DLL planted beside the program).
// The functions taking strings come as A and W: ours are the A ones (reader
// names are ASCII in practice; the card layer keeps std::string).
using library_handle = HMODULE;
library_handle open_library() {
    const wchar_t* path = ::_wgetenv(L"P11FORGE_PCSC_LIBRARY");
    if (path != nullptr && *path != L'\0') return ::LoadLibraryW(path);
    return ::LoadLibraryExW(L"winscard.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
}
void close_library(library_handle h) { ::FreeLibrary(h); }
template <class Fn>
bool resolve(library_handle handle, const char* name, Fn& out) {
    out = reinterpret_cast<Fn>(reinterpret_cast<void*>(::GetProcAddress(handle, name)));
    return out != nullptr;
}
constexpr const char* list_readers_name = "SCardListReadersA";
constexpr const char* connect_name = "SCardConnectA";
constexpr const char* get_status_change_name = "SCardGetStatusChangeA";
#else
using library_handle = void*;
library_handle open_library() {
    const char* path = std::getenv("P11FORGE_PCSC_LIBRARY");
    // The SONAME, not libpcsclite.so: only the -dev package installs the latter.
    return ::dlopen(path && *path ? path : "libpcsclite.so.1", RTLD_NOW | RTLD_LOCAL);
}
void close_library(library_handle h) { ::dlclose(h); }
template <class Fn>
bool resolve(library_handle handle, const char* name, Fn& out) {
    out = reinterpret_cast<Fn>(::dlsym(handle, name));
    return out != nullptr;
}
constexpr const char* list_readers_name = "SCardListReaders";
constexpr const char* connect_name = "SCardConnect";
constexpr const char* get_status_change_name = "SCardGetStatusChange";
#endif

const api* load() {
    library_handle handle = open_library();
    if (handle == nullptr) return nullptr;
    static api table{};
    const bool complete = resolve(handle, "SCardEstablishContext", table.establish_context) &&
                          resolve(handle, "SCardReleaseContext", table.release_context) &&
                          resolve(handle, list_readers_name, table.list_readers) &&
                          resolve(handle, connect_name, table.connect) &&
                          resolve(handle, "SCardReconnect", table.reconnect) &&
                          resolve(handle, "SCardDisconnect", table.disconnect) &&
                          resolve(handle, "SCardBeginTransaction", table.begin_transaction) &&
                          resolve(handle, "SCardEndTransaction", table.end_transaction) &&
                          resolve(handle, "SCardTransmit", table.transmit) &&
                          resolve(handle, get_status_change_name, table.get_status_change) &&
                          resolve(handle, "SCardCancel", table.cancel);
    if (!complete) {
        close_library(handle);
        return nullptr;
    }
    return &table;
}

} // namespace

const api* library() {
    static const api* const loaded = load();
    return loaded;
}

} // namespace p11::pcsc
