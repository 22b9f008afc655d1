// Which bad values an argument gets, decided by the parameter's name in
// abi/functions.hpp (the C types cannot tell a session handle from a length:
// both are CK_ULONG) and by the code the spec gives for each.
#pragma once

#include <climits>
#include <string>
#include <string_view>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/constants/rv.hpp"
#include "p11/function.hpp"

namespace mt::bad_input {

// What a case may answer: the exact code the spec gives, any refusal (not
// CKR_OK), or anything (a value that may be valid, sent to find crashes).
// Always also: a code the function's allowed list has.
struct expectation {
    enum class kind : std::uint8_t { exact, refused, any } what;
    p11::rv code = p11::rv::ok;

    static expectation exact(p11::rv r) { return {kind::exact, r}; }
    static expectation refused() { return {kind::refused}; }
    static expectation any() { return {kind::any}; }
};

struct bad_value {
    enum class form : std::uint8_t { null, junk_pointer, number } is;
    std::string shown;
    p11::abi::CK_ULONG number = 0;
    expectation expected;
    // A NULL buffer with a length of 0 is no error: the exact code only
    // applies when the length that follows the pointer is not 0.
    bool only_with_length = false;
};

namespace detail {

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

constexpr p11::abi::CK_ULONG never_issued = 0x7fff1234;

inline std::vector<bad_value> invalid_handles(p11::rv code) {
    const auto e = code == p11::rv::ok ? expectation::refused() : expectation::exact(code);
    return {{bad_value::form::number, "CK_INVALID_HANDLE", 0, e},
            {bad_value::form::number, "never issued 0x7fff1234", never_issued, e}};
}

// Lengths and counts a caller may lie about: over any cap, wrapping when a
// block or a header is added, or when cut to 32 bits.
inline std::vector<bad_value> huge_lengths(expectation e) {
    using p11::abi::CK_ULONG;
    std::vector<bad_value> v{{bad_value::form::number, "2^30", CK_ULONG{1} << 30, e}};
    if constexpr (sizeof(CK_ULONG) >= 8) {
        v.push_back({bad_value::form::number, "2^40", CK_ULONG{1} << 40, e});
        v.push_back({bad_value::form::number, "2^32+16 (16 when cut to 32 bits)", (CK_ULONG{1} << 32) + 16, e});
    }
    v.push_back({bad_value::form::number, "ULONG_MAX-15 (wraps when a block is added)", ~CK_ULONG{0} - 15, e});
    v.push_back({bad_value::form::number, "ULONG_MAX", ~CK_ULONG{0}, e});
    return v;
}

} // namespace detail

// The bad values of parameter `name` of function `f`; `next` names the
// parameter after it ("" for the last).
inline std::vector<bad_value> bad_values(p11::function_id f, std::string_view name, bool pointer,
                                         std::string_view next) {
    using namespace detail;
    using p11::rv;
    const auto arguments_bad = expectation::exact(rv::arguments_bad);
    if (pointer) {
        // Must be NULL (C_Finalize, C_WaitForSlotEvent).
        if (name == "pReserved") return {{bad_value::form::junk_pointer, "not NULL", 0, arguments_bad}};
        // NULL is a valid choice for these.
        for (std::string_view optional : {"pInitArgs", "pApplication", "Notify", "pVersion", "pInterfaceName"})
            if (name == optional) return {};
        // An output buffer before its length pointer: NULL asks for the length
        // (the two-call cases cover it).
        if (starts_with(next, "pul")) return {};
        // Anything else the call needs: NULL is CKR_ARGUMENTS_BAD (for an input
        // buffer, only with a length that is not 0).
        return {{bad_value::form::null, "NULL", 0, arguments_bad, starts_with(next, "ul")}};
    }
    if (name == "hSession") return invalid_handles(rv::session_handle_invalid);
    if (name == "slotID") return {{bad_value::form::number, "never a slot 0x7fff1234", never_issued,
                                   expectation::exact(rv::slot_id_invalid)}};
    if (name == "hObject") return invalid_handles(rv::object_handle_invalid);
    if (name == "hKey" || name == "hBaseKey") return invalid_handles(rv::key_handle_invalid);
    if (name == "hWrappingKey") return invalid_handles(rv::wrapping_key_handle_invalid);
    if (name == "hUnwrappingKey") return invalid_handles(rv::unwrapping_key_handle_invalid);
    if (starts_with(name, "h")) return invalid_handles(rv::ok);  // C_SetOperationState's keys
    if (name == "userType")
        return {{bad_value::form::number, "0x7777", 0x7777, expectation::exact(rv::user_type_invalid)}};
    if (name == "type")  // C_GetMechanismInfo
        return {{bad_value::form::number, "unassigned 0x7ffff0f0", 0x7ffff0f0,
                 expectation::exact(rv::mechanism_invalid)}};
    if (name == "flags" && f == p11::function_id::C_OpenSession)
        return {{bad_value::form::number, "0 (no CKF_SERIAL_SESSION)", 0,
                 expectation::exact(rv::session_parallel_not_supported)}};
    if (starts_with(name, "ul")) {
        // Room for more handles than exist is no error: only crashes count.
        const bool room = name == "ulMaxObjectCount";
        auto v = huge_lengths(room ? expectation::any() : expectation::refused());
        v.insert(v.begin(), {bad_value::form::number, "0", 0, expectation::any()});
        return v;
    }
    return {};  // flags, booleans: nothing the spec calls invalid by itself
}

} // namespace mt::bad_input
