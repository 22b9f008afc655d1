#include "pcsc/context.hpp"

#include "pcsc/errors.hpp"

namespace p11::pcsc {

card::outcome<std::unique_ptr<context>> context::establish() {
    const api* a = library();
    if (a == nullptr) return card::error{card::errc::transport};
    SCARDCONTEXT h = 0;
    const LONG rc = a->establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &h);
#if defined(_WIN32)
    // Windows without its smart card service as wine has it: winscard.dll
    // answers SCARD_F_INTERNAL_ERROR.  That is a machine without readers;
    // said once to the debugger (OutputDebugString, WINEDEBUG=+debugstr).
    if (rc == static_cast<LONG>(SCARD_F_INTERNAL_ERROR)) {
        static const bool said = [] {
            ::OutputDebugStringA("p11forge: SCardEstablishContext: SCARD_F_INTERNAL_ERROR (no smart card service): no readers\n");
            return true;
        }();
        (void)said;
        return card::error{card::errc::no_reader, 0, static_cast<long>(rc)};
    }
#endif
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    return std::unique_ptr<context>(new context(a, h));
}

context::~context() { api_->release_context(handle_); }

card::outcome<std::vector<std::string>> context::readers() {
    DWORD size = 0;
    LONG rc = api_->list_readers(handle_, nullptr, nullptr, &size);
    if (rc == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    std::string buffer(size, '\0');
    rc = api_->list_readers(handle_, nullptr, buffer.data(), &size);
    if (rc == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    buffer.resize(size);
    // A multi-string: names separated by NUL, ended by an empty one.
    std::vector<std::string> out;
    for (std::size_t pos = 0; pos < buffer.size();) {
        const auto end = buffer.find('\0', pos);
        const auto len = (end == std::string::npos ? buffer.size() : end) - pos;
        if (len == 0) break;
        out.emplace_back(buffer, pos, len);
        pos += len + 1;
    }
    return out;
}

card::outcome<bool> context::wait(std::vector<reader_state>& states, DWORD timeout_ms) {
    std::vector<SCARD_READERSTATE> raw(states.size());
    for (std::size_t i = 0; i < states.size(); ++i) {
        raw[i] = SCARD_READERSTATE{};
        raw[i].szReader = states[i].name.c_str();
        raw[i].dwCurrentState = states[i].known;
    }
    const LONG rc = api_->get_status_change(handle_, timeout_ms, raw.data(), static_cast<DWORD>(raw.size()));
    if (rc == SCARD_E_TIMEOUT) return false;
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    bool changed = false;
    for (std::size_t i = 0; i < states.size(); ++i) {
        states[i].seen = raw[i].dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
        changed = changed || (raw[i].dwEventState & SCARD_STATE_CHANGED);
        const std::size_t n = raw[i].cbAtr <= sizeof raw[i].rgbAtr ? raw[i].cbAtr : 0;
        states[i].atr.assign(raw[i].rgbAtr, raw[i].rgbAtr + n);
    }
    return changed;
}

void context::cancel() { api_->cancel(handle_); }

} // namespace p11::pcsc
