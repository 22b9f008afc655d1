// A loaded and initialised module, and the plain C++ values it describes
// itself with.
//
// Several parts of one process may load the same module (a library and the
// application that uses it, say).  Cryptoki allows one C_Initialize per
// process, so modules are initialised once and finalised when their last
// user here lets go; a module someone else initialised behind our back
// (CKR_CRYPTOKI_ALREADY_INITIALIZED) is used and never finalised by us.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#if !defined(_WIN32)
#include <unistd.h>
#endif

#include "p11/client/library.hpp"
#include "p11/client/two_call.hpp"
#include "p11/constants/flags.hpp"
#include "p11/constants/mechanism.hpp"

namespace p11::client {

using slot_id = abi::CK_SLOT_ID;

// Space-padded Cryptoki fields as trimmed strings.
inline std::string trimmed(const abi::CK_UTF8CHAR* field, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(field), size);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    return s;
}

struct library_info {
    version cryptoki;
    std::string manufacturer;
    std::string description;
    version library;
};

struct slot_info {
    slot_id id = 0;
    std::string description;
    std::string manufacturer;
    slot_flags flags{};
    version hardware, firmware;
    [[nodiscard]] bool token_present() const { return has(flags, slot_flags::token_present); }
};

struct token_info {
    std::string label, manufacturer, model, serial;
    token_flags flags{};
    ck_ulong max_sessions = 0, sessions = 0, max_rw_sessions = 0, rw_sessions = 0;
    ck_ulong max_pin_length = 0, min_pin_length = 0;
    version hardware, firmware;
    [[nodiscard]] bool initialized() const { return has(flags, token_flags::token_initialized); }
    [[nodiscard]] bool login_required() const { return has(flags, token_flags::login_required); }
};

struct mechanism_info {
    mechanism_type type{};
    ck_ulong min_key_size = 0, max_key_size = 0;
    mechanism_flags flags{};
};

namespace detail {
// Per process: who initialised which module (keyed by its C_Initialize), and how many use it.
struct init_record {
    int users = 0;
    bool initialised_by_us = false;
    long pid = 0;  // the process the record belongs to (a child after fork() inherits it)
};
inline long current_pid() {
#if defined(_WIN32)
    return static_cast<long>(::GetCurrentProcessId());
#else
    return static_cast<long>(::getpid());
#endif
}
#if defined(_WIN32)
// mingw's win32 thread model (GCC before 13) has no std::mutex; an SRW lock
// is what std::mutex wraps on Windows anyway, and it needs no constructor.
struct init_lock {
    SRWLOCK lock_ = SRWLOCK_INIT;
    void lock() { ::AcquireSRWLockExclusive(&lock_); }
    void unlock() { ::ReleaseSRWLockExclusive(&lock_); }
};
#else
using init_lock = std::mutex;
#endif
inline init_lock& init_mutex() {
    static init_lock m;
    return m;
}
inline std::map<void*, init_record>& init_records() {
    static std::map<void*, init_record> r;
    return r;
}
inline version to_version(abi::CK_VERSION v) { return {v.major, v.minor}; }
} // namespace detail

class session;

class module {
public:
    // Loads the shared object at `path` and calls C_Initialize with OS locking.
    static result<module> load(const std::string& path) {
        std::string why;
        auto so = shared_object::open(path, &why);
        if (!so) return so.error_value();
        auto table = resolve_functions(*so);
        if (!table) return table.error_value();
        module m;
        m.state_ = std::make_shared<state>();
        m.state_->so = std::move(*so);
        m.state_->fn = *table;
        m.state_->path = path;
        if (auto r = m.state_->initialize(); !r) return r.error_value();
        return m;
    }

    [[nodiscard]] const dispatch_table& functions() const { return state_->fn; }
    [[nodiscard]] const abi::CK_FUNCTION_LIST_3_0* operator->() const { return &state_->fn.functions(); }
    [[nodiscard]] bool supports(function_id f) const { return state_->fn.supports(f); }
    [[nodiscard]] const std::string& path() const { return state_->path; }

    [[nodiscard]] result<library_info> info() const {
        abi::CK_INFO i{};
        P11_TRY(check(state_->fn->C_GetInfo(&i), function_id::C_GetInfo));
        return library_info{detail::to_version(i.cryptokiVersion), trimmed(i.manufacturerID, 32),
                            trimmed(i.libraryDescription, 32), detail::to_version(i.libraryVersion)};
    }

    [[nodiscard]] result<std::vector<slot_id>> slots(bool with_token_only = false) const {
        return fetch_list<slot_id>(function_id::C_GetSlotList, [&](slot_id* out, abi::CK_ULONG* n) {
            return state_->fn->C_GetSlotList(with_token_only ? 1 : 0, out, n);
        });
    }

    [[nodiscard]] result<slot_info> slot(slot_id id) const {
        abi::CK_SLOT_INFO i{};
        P11_TRY(check(state_->fn->C_GetSlotInfo(id, &i), function_id::C_GetSlotInfo));
        return slot_info{id, trimmed(i.slotDescription, 64), trimmed(i.manufacturerID, 32),
                         static_cast<slot_flags>(i.flags), detail::to_version(i.hardwareVersion),
                         detail::to_version(i.firmwareVersion)};
    }

    [[nodiscard]] result<token_info> token(slot_id id) const {
        abi::CK_TOKEN_INFO i{};
        P11_TRY(check(state_->fn->C_GetTokenInfo(id, &i), function_id::C_GetTokenInfo));
        token_info t;
        t.label = trimmed(i.label, 32);
        t.manufacturer = trimmed(i.manufacturerID, 32);
        t.model = trimmed(i.model, 16);
        t.serial = trimmed(i.serialNumber, 16);
        t.flags = static_cast<token_flags>(i.flags);
        t.max_sessions = i.ulMaxSessionCount;
        t.sessions = i.ulSessionCount;
        t.max_rw_sessions = i.ulMaxRwSessionCount;
        t.rw_sessions = i.ulRwSessionCount;
        t.max_pin_length = i.ulMaxPinLen;
        t.min_pin_length = i.ulMinPinLen;
        t.hardware = detail::to_version(i.hardwareVersion);
        t.firmware = detail::to_version(i.firmwareVersion);
        return t;
    }

    [[nodiscard]] result<std::vector<mechanism_info>> mechanisms(slot_id id) const {
        auto types = fetch_list<abi::CK_MECHANISM_TYPE>(function_id::C_GetMechanismList,
                                                        [&](abi::CK_MECHANISM_TYPE* out, abi::CK_ULONG* n) {
                                                            return state_->fn->C_GetMechanismList(id, out, n);
                                                        });
        if (!types) return types.error_value();
        std::vector<mechanism_info> out;
        for (auto t : *types) {
            auto info = mechanism(id, static_cast<mechanism_type>(t));
            if (!info) return info.error_value();
            out.push_back(*info);
        }
        return out;
    }

    [[nodiscard]] result<mechanism_info> mechanism(slot_id id, mechanism_type type) const {
        abi::CK_MECHANISM_INFO i{};
        P11_TRY(check(state_->fn->C_GetMechanismInfo(id, static_cast<abi::CK_MECHANISM_TYPE>(type), &i),
                      function_id::C_GetMechanismInfo));
        return mechanism_info{type, i.ulMinKeySize, i.ulMaxKeySize, static_cast<mechanism_flags>(i.flags)};
    }

    // C_InitToken: the label is padded to 32 bytes as Cryptoki wants it.
    [[nodiscard]] result<void> init_token(slot_id id, std::string_view so_pin, std::string_view label) const {
        abi::CK_UTF8CHAR padded[32];
        for (std::size_t i = 0; i < 32; ++i) padded[i] = i < label.size() ? static_cast<abi::CK_UTF8CHAR>(label[i]) : ' ';
        return check(state_->fn->C_InitToken(id, pin_bytes(so_pin), static_cast<abi::CK_ULONG>(so_pin.size()), padded),
                     function_id::C_InitToken);
    }

    // C_WaitForSlotEvent: blocking, or (poll) CKR_NO_EVENT when nothing happened.
    [[nodiscard]] result<slot_id> wait_for_slot_event() const { return slot_event(0); }
    [[nodiscard]] result<slot_id> poll_slot_event() const {
        return slot_event(static_cast<abi::CK_FLAGS>(wait_flags::dont_block));
    }

    [[nodiscard]] result<session> open_session(slot_id id, bool read_write = false) const;

    // Lets the module go (the last user finalises it).
    void reset() { state_.reset(); }
    [[nodiscard]] bool loaded() const { return state_ != nullptr; }

    static abi::CK_UTF8CHAR_PTR pin_bytes(std::string_view pin) {
        return reinterpret_cast<abi::CK_UTF8CHAR_PTR>(const_cast<char*>(pin.data()));
    }

private:
    struct state {
        shared_object so;
        dispatch_table fn;
        std::string path;
        void* key = nullptr;
        long pid = 0;

        result<void> initialize() {
            abi::CK_C_INITIALIZE_ARGS args{};
            args.flags = static_cast<abi::CK_FLAGS>(init_flags::os_locking_ok);
            key = reinterpret_cast<void*>(fn->C_Initialize);
            std::lock_guard lock(detail::init_mutex());
            auto& rec = detail::init_records()[key];
            // Inherited through fork(): the parent's initialisation does not
            // carry over, the child must call C_Initialize itself.
            if (rec.pid != detail::current_pid()) rec = detail::init_record{0, false, detail::current_pid()};
            pid = rec.pid;
            if (rec.users == 0) {
                const auto r = static_cast<rv>(fn->C_Initialize(&args));
                if (r == rv::ok) rec.initialised_by_us = true;
                else if (r != rv::cryptoki_already_initialized) {
                    detail::init_records().erase(key);
                    return failure(r, function_id::C_Initialize);
                }
            }
            ++rec.users;
            return {};
        }
        ~state() {
            if (!key || pid != detail::current_pid()) return;  // a parent's module, copied by fork()
            std::lock_guard lock(detail::init_mutex());
            auto it = detail::init_records().find(key);
            if (it == detail::init_records().end()) return;
            if (--it->second.users == 0) {
                if (it->second.initialised_by_us) fn->C_Finalize(nullptr);
                detail::init_records().erase(it);
            }
        }
    };

    result<slot_id> slot_event(abi::CK_FLAGS flags) const {
        slot_id id = 0;
        P11_TRY(check(state_->fn->C_WaitForSlotEvent(flags, &id, nullptr), function_id::C_WaitForSlotEvent));
        return id;
    }

    std::shared_ptr<state> state_;
    friend class session;
};

} // namespace p11::client
