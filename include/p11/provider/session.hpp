// One session's state: its slot and token, its active operations (one per
// kind, as the spec allows), its object search, and the result a single-part
// call computed for a caller whose buffer was too small.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/provider/operations.hpp"
#include "p11/provider/token.hpp"

namespace p11::provider {

enum class op_kind : std::uint8_t { encrypt, decrypt, digest, sign, verify, sign_recover, verify_recover, count };

// Which call of an operation produced a kept result.
enum class call : std::uint8_t { none, single, update, final };

struct active_operation {
    std::unique_ptr<operation_base> op;
    mechanism_type mechanism{};
    bool uses_private_key = false;
    bool context_login_done = false;
    // A result computed for a buffer that was too small, returned by the next
    // call of the same kind instead of computing again.
    call pending_from = call::none;
    secure_bytes pending;

    [[nodiscard]] bool active() const { return op != nullptr; }
    void end() {
        op.reset();
        pending_from = call::none;
        pending.clear();
        context_login_done = false;
        uses_private_key = false;
    }
    template <class T>
    [[nodiscard]] T* as() const {
        return static_cast<T*>(op.get());
    }
};

struct session {
    abi::CK_SESSION_HANDLE handle = 0;
    abi::CK_SLOT_ID slot_id = 0;
    bool read_write = false;
    std::shared_ptr<token> tok;
    std::uint64_t token_generation = 0;
    abi::CK_NOTIFY notify = nullptr;
    void* application = nullptr;

    // Serialises calls on this session; never held while waiting for another session.
    std::mutex mutex;

    std::array<active_operation, static_cast<std::size_t>(op_kind::count)> ops;

    bool finding = false;
    std::vector<abi::CK_OBJECT_HANDLE> found;
    std::size_t found_next = 0;

    active_operation& op(op_kind k) { return ops[static_cast<std::size_t>(k)]; }
    void end_all() {
        for (auto& o : ops) o.end();
        finding = false;
        found.clear();
        found_next = 0;
    }
};

using session_ptr = std::shared_ptr<session>;

} // namespace p11::provider
