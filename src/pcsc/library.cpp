#include "pcsc/library.hpp"

#include <dlfcn.h>

#include <cstdlib>

namespace p11::pcsc {

namespace {

template <class Fn>
bool resolve(void* handle, const char* name, Fn& out) {
    out = reinterpret_cast<Fn>(::dlsym(handle, name));
    return out != nullptr;
}

const api* load() {
    const char* path = std::getenv("P11FORGE_PCSC_LIBRARY");
    // The SONAME, not libpcsclite.so: only the -dev package installs the latter.
    void* handle = ::dlopen(path && *path ? path : "libpcsclite.so.1", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return nullptr;
    static api table{};
    const bool complete = resolve(handle, "SCardEstablishContext", table.establish_context) &&
                          resolve(handle, "SCardReleaseContext", table.release_context) &&
                          resolve(handle, "SCardListReaders", table.list_readers) &&
                          resolve(handle, "SCardConnect", table.connect) &&
                          resolve(handle, "SCardReconnect", table.reconnect) &&
                          resolve(handle, "SCardDisconnect", table.disconnect) &&
                          resolve(handle, "SCardBeginTransaction", table.begin_transaction) &&
                          resolve(handle, "SCardEndTransaction", table.end_transaction) &&
                          resolve(handle, "SCardTransmit", table.transmit) &&
                          resolve(handle, "SCardGetStatusChange", table.get_status_change) &&
                          resolve(handle, "SCardCancel", table.cancel);
    if (!complete) {
        ::dlclose(handle);
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
