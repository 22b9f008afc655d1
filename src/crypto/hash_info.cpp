// Facts about the hash algorithms that do not depend on the backend.
#include <array>

#include "crypto/hash.hpp"

namespace p11::crypto {

namespace {

// DigestInfo prefixes: RFC 8017 section 9.2, note 1.
constexpr std::array<byte, 15> sha1_prefix{0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                           0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
constexpr std::array<byte, 19> sha224_prefix{0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                             0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c};
constexpr std::array<byte, 19> sha256_prefix{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                             0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
constexpr std::array<byte, 19> sha384_prefix{0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                             0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
constexpr std::array<byte, 19> sha512_prefix{0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                             0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
// The same with id-sha3-224 .. id-sha3-512 (2.16.840.1.101.3.4.2.7 .. 10, RFC 8702 / NIST CSOR).
constexpr std::array<byte, 19> sha3_224_prefix{0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x07, 0x05, 0x00, 0x04, 0x1c};
constexpr std::array<byte, 19> sha3_256_prefix{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x08, 0x05, 0x00, 0x04, 0x20};
constexpr std::array<byte, 19> sha3_384_prefix{0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x09, 0x05, 0x00, 0x04, 0x30};
constexpr std::array<byte, 19> sha3_512_prefix{0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x0a, 0x05, 0x00, 0x04, 0x40};

} // namespace

std::size_t digest_size(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1: return 20;
    case hash_alg::sha224: return 28;
    case hash_alg::sha256: return 32;
    case hash_alg::sha384: return 48;
    case hash_alg::sha512: return 64;
    case hash_alg::sha3_224: return 28;
    case hash_alg::sha3_256: return 32;
    case hash_alg::sha3_384: return 48;
    case hash_alg::sha3_512: return 64;
    }
    return 0;
}

std::size_t block_size(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1:
    case hash_alg::sha224:
    case hash_alg::sha256: return 64;
    case hash_alg::sha384:
    case hash_alg::sha512: return 128;
    // The sponge's rate, 1600 bits less twice the output (FIPS 202 section 6.1): HMAC's block (FIPS 198-1).
    case hash_alg::sha3_224: return 144;
    case hash_alg::sha3_256: return 136;
    case hash_alg::sha3_384: return 104;
    case hash_alg::sha3_512: return 72;
    }
    return 0;
}

bytes_view digest_info_prefix(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1: return sha1_prefix;
    case hash_alg::sha224: return sha224_prefix;
    case hash_alg::sha256: return sha256_prefix;
    case hash_alg::sha384: return sha384_prefix;
    case hash_alg::sha512: return sha512_prefix;
    case hash_alg::sha3_224: return sha3_224_prefix;
    case hash_alg::sha3_256: return sha3_256_prefix;
    case hash_alg::sha3_384: return sha3_384_prefix;
    case hash_alg::sha3_512: return sha3_512_prefix;
    }
    return {};
}

} // namespace p11::crypto
