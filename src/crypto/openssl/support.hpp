// Glue between the crypto API and OpenSSL 3 shared by the backend's files.
#pragma once

#include <cstddef>
#include <optional>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "crypto/aes.hpp"
#include "crypto/backend_error.hpp"
#include "crypto/hash.hpp"
#include "crypto/openssl/handles.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::ossl {

// Algorithm objects, fetched from the default library context once per
// process and kept (never freed: a module may be called from an
// application's exit handlers).  A fetch walks OpenSSL's method store under
// a lock; doing it per operation would cost more than hashing a short
// message.  nullptr only if the default provider is unavailable.
[[nodiscard]] const EVP_MD* md(hash_alg h) noexcept;
[[nodiscard]] const char* md_name(hash_alg h) noexcept;
enum class aes_mode : std::uint8_t { ecb, cbc, gcm };
// nullptr unless the key is 16, 24 or 32 bytes long.
[[nodiscard]] const EVP_CIPHER* aes(aes_mode m, std::size_t key_bytes) noexcept;
[[nodiscard]] EVP_MAC* mac_algorithm(const char* name) noexcept;  // "HMAC", "CMAC"

// Big-endian unsigned integers in and out of BIGNUMs.  A secret one lives in
// a BN_secure_new number, so that OSSL_PARAM_BLD copies it into memory it
// wipes when the parameters are freed.
[[nodiscard]] bignum to_bn(bytes_view be, bool secret = false);  // throws std::bad_alloc
[[nodiscard]] bytes from_bn(const BIGNUM& x);                     // minimal length
[[nodiscard]] secure_bytes from_bn_secret(const BIGNUM& x);        // minimal length
[[nodiscard]] bool from_bn_fixed(const BIGNUM& x, std::span<byte> out) noexcept;  // left-padded
// A BIGNUM parameter of a key (OSSL_PKEY_PARAM_*); empty if it has none.
[[nodiscard]] bignum bn_param(const EVP_PKEY& key, const char* name);

// The key types by the names that reach OpenSSL's provider and nothing else.
// EVP_PKEY_CTX_new_from_name("RSA") maps the name to a legacy NID and hands
// the context to any ENGINE an application made the default for that NID
// (`openssl ... -engine pkcs11` does, and that engine may be loading this
// very module); a context on such an engine cannot build keys from
// parameters.  The OIDs name the same provider key managers but map to no
// legacy NID, so the engine lookup is skipped.
inline constexpr const char* rsa_key_type = "1.2.840.113549.1.1.1";  // rsaEncryption
inline constexpr const char* ec_key_type = "1.2.840.10045.2.1";      // id-ecPublicKey

// A key from OSSL_PARAMs (EVP_PKEY_fromdata); empty when OpenSSL rejects them.
[[nodiscard]] pkey key_from(const char* type, int selection, OSSL_PARAM_BLD& bld);

// What a packed OpenSSL error code (ERR_peek_last_error) means; 0 (a call
// that failed without queuing a reason) is `other`.
[[nodiscard]] backend_error classify_error(unsigned long packed) noexcept;

// For calls that report failure only by returning something other than 1
// (hash and MAC steps): std::bad_alloc when the reason OpenSSL queued is an
// allocation failure, backend_failure for any other.
void throw_if_failed(int ok);

// OpenSSL 3.0's assembly leaves the upper halves of the vector registers in
// use on some paths (ChaCha20-Poly1305, on processors with AVX-512): until
// a VZEROUPPER, every SSE instruction after it, in our code and in the
// application's (built for baseline x86-64 both), pays on Intel processors
// for merging them.  Found by profile: a 1 KiB ChaCha20-Poly1305 message
// through C_EncryptMessage spent a tenth of its time stalled on our first
// SSE instructions after the call; with VZEROUPPER as each error scope
// ends it runs at 1.0 of the raw library (which now does the same: the raw
// figure is the library at its best).  VZEROUPPER faults without AVX.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
extern const bool cpu_has_avx;
inline void clean_vector_state() noexcept {
    if (cpu_has_avx)
        asm volatile("vzeroupper" ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                     "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}
#else
inline void clean_vector_state() noexcept {}
#endif

// Scopes nest (error_batch around our own calls): the outermost one marks
// OpenSSL's error queue and pops back to the mark; the inner ones leave it
// to it.  Initial-exec, and the scopes inline: a message of the
// message-based API opens four scopes, and a thread_local of a shared
// library is otherwise a call into the dynamic linker per lookup.  Four
// bytes of the static TLS that glibc sets aside for libraries loaded by
// dlopen (as every PKCS #11 module is).
extern __attribute__((tls_model("initial-exec"))) thread_local unsigned scope_depth;
inline void enter_error_scope() noexcept {
    if (scope_depth++ == 0) ERR_set_mark();
}
inline void leave_error_scope() noexcept {
    clean_vector_state();
    if (--scope_depth == 0) ERR_pop_to_mark();
}

// Keeps OpenSSL's per-thread error queue as the caller left it: whatever an
// operation of ours queues is dropped when the scope ends.  Our callers learn
// of failures from status values; the queue belongs to the application
// (which may be using OpenSSL itself in the same thread).
class error_scope {
public:
    error_scope() noexcept { enter_error_scope(); }
    ~error_scope() { leave_error_scope(); }
    error_scope(const error_scope&) = delete;
    error_scope& operator=(const error_scope&) = delete;
};

} // namespace p11::crypto::ossl
