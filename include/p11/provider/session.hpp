// One session's state: its slot and token, its active operations (one per
// kind, as the spec allows), its object search, and the result a single-part
// call computed for a caller whose buffer was too small.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <memory>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/provider/operation_mode.hpp"
#include "p11/provider/operations.hpp"
#include "p11/provider/session_lock.hpp"
#include "p11/provider/platform.hpp"
#include "p11/provider/token.hpp"

namespace p11::provider {

enum class op_kind : std::uint8_t { encrypt, decrypt, digest, sign, verify, sign_recover, verify_recover, count };

struct active_operation {
    std::unique_ptr<operation_base> op;
    mechanism_type mechanism{};
    bool uses_private_key = false;
    bool context_login_done = false;
    operation_mode mode;
    // A result computed for a buffer that was too small, returned by the next
    // call of the same kind instead of computing again.
    call pending_from = call::none;
    secure_bytes pending;

    [[nodiscard]] bool active() const { return op != nullptr; }

    // What a C_XxxInit set up.
    void start(std::unique_ptr<operation_base> started, mechanism_type m, bool with_private_key) {
        op = std::move(started);
        mechanism = m;
        uses_private_key = with_private_key;
    }

    // Every call that continues the operation (C_Encrypt, C_EncryptUpdate,
    // C_DigestKey, C_SignFinal ...) runs as `body() -> outcome` through this
    // one gate: the operation must be active and `which` must fit the form it
    // took (operation_mode.hpp); the body's outcome says whether the call
    // ended it.
    template <class Body>
    [[nodiscard]] rv continue_with(call which, Body&& body) {
        if (const rv r = admit(which); r != rv::ok) return r;
        // A body that throws ends the operation too.  The exception becomes
        // CKR_HOST_MEMORY / CKR_GENERAL_ERROR at the boundary (call.hpp), an
        // error like any other; left active, the operation made the next
        // Init answer CKR_OPERATION_ACTIVE.
        struct end_on_throw {
            active_operation& op;
            int depth = std::uncaught_exceptions();
            ~end_on_throw() {
                if (std::uncaught_exceptions() > depth) op.end();
            }
        } const guard{*this};
        const outcome o = body();
        if (o.then == after::end) end();
        return o.code;
    }
    void end() {
        op.reset();
        mode.reset();
        pending_from = call::none;
        pending.clear();
        context_login_done = false;
        uses_private_key = false;
    }
    template <class T>
    [[nodiscard]] T* as() const {
        return static_cast<T*>(op.get());
    }

private:
    [[nodiscard]] rv admit(call which) {
        if (!active()) return rv::operation_not_initialized;
        // Before the form: a mechanism without a multi-part form refuses
        // Update and Final whatever was called before, and ends the
        // operation, as SoftHSMv2 does.  pkcs11-tool --test-ec relies on it:
        // after a C_Sign length query with CKM_ECDSA it calls C_SignFinal
        // (expecting it to fail) and then C_SignInit, which would find the
        // operation still active had C_SignFinal been refused for its form.
        if (which != call::single && !op->multi_part()) {
            end();
            return rv::function_not_supported;
        }
        // A call of the other form ends the operation, as every error of
        // these calls but CKR_BUFFER_TOO_SMALL does (operation_mode.hpp).
        const rv r = mode.enter(which);
        if (r != rv::ok) end();
        return r;
    }
};

// The 3.0 message-based processes a session may run, one of each at once.
enum class message_kind : std::uint8_t { encrypt, decrypt, sign, verify, count };

// One message-based process (C_MessageEncryptInit ... C_MessageEncryptFinal):
// unlike an operation above it outlives its messages, and an error ends the
// message it happened in, not the process.  At most one multi-part message
// (Begin, Next ..., Next with CKF_END_OF_MESSAGE) is open at a time; a
// single-part C_EncryptMessage meanwhile is CKR_OPERATION_ACTIVE, as the
// spec gives no way to tell two messages apart.
struct message_process {
    std::unique_ptr<message_operation> op;
    mechanism_type mechanism{};
    bool in_message = false;

    [[nodiscard]] bool active() const { return op != nullptr; }
    void start(std::unique_ptr<message_operation> started, mechanism_type m) {
        op = std::move(started);
        mechanism = m;
        in_message = false;
    }
    // The open message, if any, is given up; the process stays.
    void end_message() {
        if (in_message && op) op->abandon();
        in_message = false;
    }
    void end() {
        end_message();
        op.reset();
    }
    template <class T>
    [[nodiscard]] T* as() const {
        return static_cast<T*>(op.get());
    }
};

// C_WrapKey's result kept for the caller's second call (after a length query
// or a buffer too small), as an operation keeps its result (output.hpp): a
// wrapping may be slow (a card) or randomised (an IV), and the two calls of
// the convention must see one wrapping, computed once.  Only the identical
// call (mechanism, parameter, both handles) receives it.
struct kept_wrap {
    bool valid = false;
    mechanism_type mechanism{};
    secure_bytes parameter;
    abi::CK_OBJECT_HANDLE wrapping = 0;
    abi::CK_OBJECT_HANDLE key = 0;
    secure_bytes wrapped;

    [[nodiscard]] bool matches(mechanism_type m, bytes_view param, abi::CK_OBJECT_HANDLE w,
                               abi::CK_OBJECT_HANDLE k) const {
        return valid && mechanism == m && wrapping == w && key == k &&
               std::equal(parameter.begin(), parameter.end(), param.begin(), param.end());
    }
    void clear() {
        valid = false;
        parameter.clear();
        wrapped.clear();
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
    session_lock mutex;
    // Set under `mutex` when C_CloseSession (or the token's removal) ends the
    // session: a call that found it without the runtime's table, and waited
    // for its mutex meanwhile, answers SESSION_HANDLE_INVALID.
    bool closed = false;

    std::array<active_operation, static_cast<std::size_t>(op_kind::count)> ops;
    std::array<message_process, static_cast<std::size_t>(message_kind::count)> messages;

    bool finding = false;
    std::vector<abi::CK_OBJECT_HANDLE> found;
    std::size_t found_next = 0;

    kept_wrap wrap_kept;

    active_operation& op(op_kind k) { return ops[static_cast<std::size_t>(k)]; }
    message_process& messaging(message_kind k) { return messages[static_cast<std::size_t>(k)]; }
    void end_all() {
        for (auto& o : ops) o.end();
        for (auto& m : messages) m.end();
        finding = false;
        found.clear();
        found_next = 0;
        wrap_kept.clear();
    }
};

using session_ptr = std::shared_ptr<session>;

} // namespace p11::provider
