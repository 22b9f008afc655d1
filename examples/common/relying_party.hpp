// The application's own side of the seed's flow, done as a relying party
// would: the hash a bare signature mechanism signs (a 2.11-era
// token may list no hashing mechanism at all), the check of a signature
// against the certificate rather than against the token's own word, and
// encryption to a certificate whose token holds no public key object.
// A library not ours, not p11forge: a check by the module's own crypto would
// prove little.  One interface, one implementation per platform: OpenSSL's
// libcrypto (relying_party_openssl.hpp), and on Windows the system's own CNG
// (relying_party_cng.hpp: bcrypt.dll and crypt32.dll, no DLL to ship).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/der_writer.hpp"

namespace example::host {

using bytes = std::vector<std::uint8_t>;
using bytes_view = std::span<const std::uint8_t>;

enum class hash { sha1, sha256, sha384, sha512 };

inline const char* name(hash h) {
    switch (h) {
    case hash::sha1: return "SHA-1";
    case hash::sha256: return "SHA-256";
    case hash::sha384: return "SHA-384";
    case hash::sha512: return "SHA-512";
    }
    return "?";
}

enum class rsa_padding { oaep_sha256, oaep_sha1, pkcs1_v15 };

// What the platform's library does: the digest of `data` (empty when the
// library cannot), the check of a signature against a certificate, encryption
// to a certificate (nullopt when the library refuses the scheme: wine 8's CNG
// has no OAEP), random bytes and one AES-256 block; `library` names it.
//   const char* library;
//   bytes digest(hash, bytes_view data);
//   bool verifies(bytes_view certificate, hash, bytes_view message, bytes_view signature);
//   std::optional<bytes> encrypt_to(bytes_view certificate, rsa_padding, bytes_view message);
//   bytes random_bytes(std::size_t n);
//   bytes aes256_block(bytes_view key, bytes_view block, bool encrypt);

// PKCS #11 gives ECDSA signatures as r||s; X.509 and OpenSSL want the DER SEQUENCE.
inline bytes ecdsa_to_der(bytes_view raw) {
    const std::size_t half = raw.size() / 2;
    return der_out::sequence({der_out::unsigned_integer(raw.first(half)), der_out::unsigned_integer(raw.subspan(half))});
}

} // namespace example::host

#ifdef _WIN32
#include "common/relying_party_cng.hpp"
#else
#include "common/relying_party_openssl.hpp"
#endif

namespace example::host {

// PKCS #1 v1.5 signs a DigestInfo: the hash's AlgorithmIdentifier, then the
// hash (RFC 8017 section 9.2, note 1 lists these prefixes).
inline bytes digest_info(hash h, bytes_view data) {
    static const std::uint8_t sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
    static const std::uint8_t sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                          0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    static const std::uint8_t sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                          0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
    static const std::uint8_t sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                          0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
    const bytes_view prefix = h == hash::sha1     ? bytes_view(sha1)
                              : h == hash::sha256 ? bytes_view(sha256)
                              : h == hash::sha384 ? bytes_view(sha384)
                                                  : bytes_view(sha512);
    bytes out(prefix.begin(), prefix.end());
    const bytes hashed = digest(h, data);
    out.insert(out.end(), hashed.begin(), hashed.end());
    return out;
}

} // namespace example::host
