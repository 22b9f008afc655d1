// A CK_MECHANISM built from fuzz input, with the hostile parameters a careless
// or malicious caller could pass: wrong ulParameterLen, NULL pParameter, out
// of range scalars (salt lengths, tag bits, counter bits, MAC lengths) and
// buffer lengths (IVs, AAD, OAEP labels, ECDH public data).
//
// Every pointer points into storage this object owns, and is valid for the
// length passed with it, with one exception that a module must survive
// without reading: an "absurd" length (2^32 and above, see absurd_lengths)
// names a small real buffer, because no caller can have that much memory
// behind a pointer and the module has to refuse such a length before it
// copies or hashes anything.  Raw fuzz bytes are never used as pointers (an
// earlier harness did that, and its "findings" were its own wild pointers).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/abi/types.hpp"

namespace p11::fuzzing {

// Lengths no buffer of a fuzzing process can have.
inline constexpr abi::CK_ULONG absurd_lengths[] = {
    abi::CK_ULONG{1} << 32, (abi::CK_ULONG{1} << 32) + 12, abi::CK_ULONG{1} << 40, abi::CK_ULONG{1} << 63,
    ~abi::CK_ULONG{0}, ~abi::CK_ULONG{0} - 15};

// The digest mechanism an ECDH KDF (CKD_) is built on; 0 for CKD_NULL and
// values that name none.
abi::CK_MECHANISM_TYPE digest_of_ec_kdf(abi::CK_ULONG kdf);

class hostile_mechanism {
public:
    // `peer_point`: a real EC point the ECDH parameters may name (the
    // differential fuzzer passes another fixed key's), else fuzz bytes.
    hostile_mechanism(input& in, abi::CK_MECHANISM_TYPE type, const std::vector<std::uint8_t>* peer_point = nullptr);
    hostile_mechanism(const hostile_mechanism&) = delete;
    hostile_mechanism& operator=(const hostile_mechanism&) = delete;

    [[nodiscard]] abi::CK_MECHANISM* get() { return &mechanism_; }
    // True when some length names more memory than is behind its pointer
    // (an absurd length, or a NULL pointer with a non-zero length).
    [[nodiscard]] bool has_dishonest_length() const { return dishonest_; }
    // One line for a finding's report: type, parameter length and bytes.
    [[nodiscard]] std::string describe() const;
    // The digest mechanisms the parameter names (a PSS/OAEP hashAlg, the hash
    // of an MGF or of an ECDH KDF).  Which digests a module offers depends on
    // its crypto backend (mbedTLS 2.28 has no SHA-3), so the differential
    // fuzzer compares two modules only where both offer, or both lack, these.
    [[nodiscard]] const std::vector<abi::CK_MECHANISM_TYPE>& named_digests() const { return named_digests_; }

private:
    struct sized {
        abi::CK_BYTE_PTR pointer;
        abi::CK_ULONG length;
    };
    // A buffer: usually honest (bytes from the input, a length worth trying
    // for IVs, tags and labels), sometimes NULL or with an absurd length.
    sized buffer(input& in);
    // A scalar: one of `typical`, a small number, a boundary or any value.
    abi::CK_ULONG scalar(input& in, std::initializer_list<abi::CK_ULONG> typical);
    template <std::size_t N>
    abi::CK_ULONG usually(input& in, const abi::CK_ULONG (&known)[N]);
    std::uint8_t* own(std::vector<std::uint8_t> bytes);
    template <class Struct>
    void set_struct(input& in, const Struct& s);
    void set_bytes(input& in);

    abi::CK_MECHANISM mechanism_{};
    std::vector<std::uint8_t> parameter_;          // what pParameter points to
    std::deque<std::vector<std::uint8_t>> owned_;  // what the parameter struct points into
    std::vector<abi::CK_MECHANISM_TYPE> named_digests_;
    bool dishonest_ = false;
};

} // namespace p11::fuzzing
