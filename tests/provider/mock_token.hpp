// An in-memory token for the provider framework's tests.
//
// It implements p11::provider::token / slot / slot_manager with real CKM_
// mechanism numbers but FAKE transforms: nothing here is cryptography, and no
// test relies on an output being what the real mechanism would produce.  The
// transforms are deterministic and invertible so that tests can check the
// framework's conventions (lengths, the two-call convention, operation state,
// error codes) end to end.
//
// The world (two slots, their tokens and objects, PINs, counters, fault
// injection) lives as long as the process, like a real token's storage: it
// survives C_Finalize / C_Initialize.  Tests drive it through the small
// extern "C" control API at the bottom (p11mock_*), which each test module
// exports next to its C_ functions, so a test that dlopen()s a module reaches
// that module's own world.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "p11/abi/types.hpp"

namespace p11mock {

// Slot ids are deliberately not 0 and 1: nothing may assume ids are indexes.
inline constexpr p11::abi::CK_SLOT_ID fixed_slot = 3;      // a built-in token
inline constexpr p11::abi::CK_SLOT_ID removable_slot = 7;  // a reader: the token comes and goes

inline constexpr std::string_view user_pin = "1234";
inline constexpr std::string_view so_pin = "87654321";
inline constexpr int pin_tries = 3;
inline constexpr std::string_view token_label = "mock token";

// Counters the mock keeps (p11mock_counter).
enum counter : int {
    c_cipher_single,   // cipher_operation::single
    c_cipher_update,   // cipher_operation::update
    c_cipher_final,    // cipher_operation::final
    c_sign,            // sign_operation::sign (and sign_recover)
    c_sign_update,
    c_sign_final,
    c_verify,          // verify_operation::verify / final / verify_recover
    c_verify_update,
    c_digest_update,
    c_digest_final,
    c_wrap,
    c_unwrap,
    c_derive,
    c_generate,
    c_generate_pair,
    c_random,
    c_seed,
    c_login,
    c_logout,
    c_context_login,
    c_load,
    c_count
};

// Where an injected exception is thrown (p11mock_throw_next).
enum fault_site : int { at_random = 0, at_sign = 1, at_describe = 2, fault_sites };
enum fault_kind : int { no_fault = 0, throw_bad_alloc = 1, throw_runtime_error = 2 };

// --- the fake transforms -------------------------------------------------------
// NOT cryptography.  A position-dependent byte mixer, good enough to make
// different inputs give different outputs.

// "Digest": `size` bytes mixed from the input (CKM_SHA_1 -> 20, CKM_SHA256 -> 32).
template <std::size_t N>
constexpr std::array<std::uint8_t, N> fake_digest(std::span<const std::uint8_t> data, std::uint8_t domain = 0) {
    std::array<std::uint8_t, N> out{};
    std::uint32_t h = 2166136261u ^ domain;
    for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(i * 7 + domain);
    for (std::size_t i = 0; i < data.size(); ++i) {
        h = (h ^ data[i]) * 16777619u;
        out[i % N] = static_cast<std::uint8_t>(out[i % N] ^ (h >> 8));
        out[(i + 1) % N] = static_cast<std::uint8_t>(out[(i + 1) % N] + (h >> 16));
    }
    for (std::size_t i = 0; i < N; ++i) {
        h = (h ^ out[i]) * 16777619u;
        out[i] = static_cast<std::uint8_t>(h >> 24);
    }
    return out;
}

// Keystream byte `i` of a key (the "block cipher" is XOR with it).
constexpr std::uint8_t fake_keystream(std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv, std::size_t i) {
    const std::uint8_t k = key.empty() ? 0x5c : key[i % key.size()];
    const std::uint8_t v = iv.empty() ? 0x36 : iv[i % iv.size()];
    return static_cast<std::uint8_t>(k ^ v ^ static_cast<std::uint8_t>(i * 31 + 7));
}

} // namespace p11mock

// --- control API (exported by every test module) --------------------------------
extern "C" {
// Back to a fresh world: both tokens present and initialised with the PINs
// above, the provisioned objects only, counters zero, no faults, no events.
// Call it only while the module is not initialised.
void p11mock_reset();
unsigned long p11mock_counter(int which);
// The next call at `site` throws (kind: fault_kind).
void p11mock_throw_next(int site, int kind);
// C_Sign's transform blocks until `parties` threads are inside it at once (or
// a generous timeout passes, which counts as a failure); 0 disarms.
void p11mock_arm_barrier(int parties);
unsigned long p11mock_barrier_timeouts();
// The removable slot's token: take it out / put it (the same one) back in.
// Both post a slot event.
void p11mock_remove_token();
void p11mock_insert_token();
void p11mock_post_event(p11::abi::CK_SLOT_ID slot);
// Threads currently blocked in C_WaitForSlotEvent.
int p11mock_blocked_waiters();
// What another process would do to a token object, found by its CKA_LABEL.
int p11mock_external_relabel(p11::abi::CK_SLOT_ID slot, const char* label, const char* new_label);
int p11mock_external_delete(p11::abi::CK_SLOT_ID slot, const char* label);
}
