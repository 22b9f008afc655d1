#include "crypto/openssl/support.hpp"

#include <cerrno>
#include <new>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evperr.h>
#include <openssl/proverr.h>

namespace p11::crypto::ossl {

const char* md_name(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1: return "SHA1";
    case hash_alg::sha224: return "SHA2-224";
    case hash_alg::sha256: return "SHA2-256";
    case hash_alg::sha384: return "SHA2-384";
    case hash_alg::sha512: return "SHA2-512";
    case hash_alg::sha3_224: return "SHA3-224";
    case hash_alg::sha3_256: return "SHA3-256";
    case hash_alg::sha3_384: return "SHA3-384";
    case hash_alg::sha3_512: return "SHA3-512";
    }
    return "";
}

const EVP_MD* md(hash_alg h) noexcept {
    // Thread-safe initialisation of a function-local static (C++11).
    static EVP_MD* const table[] = {
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha1), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha224), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha256), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha384), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha512), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha3_224), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha3_256), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha3_384), nullptr),
        EVP_MD_fetch(nullptr, md_name(hash_alg::sha3_512), nullptr),
    };
    static_assert(std::size(table) == hash_alg_count);
    const auto i = static_cast<std::size_t>(h);
    return i < std::size(table) ? table[i] : nullptr;
}

const EVP_CIPHER* aes(aes_mode m, std::size_t key_bytes) noexcept {
    static EVP_CIPHER* const table[3][3] = {
        {EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr), EVP_CIPHER_fetch(nullptr, "AES-192-ECB", nullptr),
         EVP_CIPHER_fetch(nullptr, "AES-256-ECB", nullptr)},
        {EVP_CIPHER_fetch(nullptr, "AES-128-CBC", nullptr), EVP_CIPHER_fetch(nullptr, "AES-192-CBC", nullptr),
         EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr)},
        {EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr), EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr),
         EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)},
    };
    std::size_t k;
    switch (key_bytes) {
    case 16: k = 0; break;
    case 24: k = 1; break;
    case 32: k = 2; break;
    default: return nullptr;
    }
    return table[static_cast<std::size_t>(m)][k];
}

EVP_MAC* mac_algorithm(const char* name) noexcept {
    static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
    static EVP_MAC* const cmac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_CMAC, nullptr);
    return name[0] == 'H' ? hmac : cmac;
}

bignum to_bn(bytes_view be, bool secret) {
    bignum x(secret ? BN_secure_new() : BN_new());
    if (!x || (!be.empty() && BN_bin2bn(be.data(), static_cast<int>(be.size()), x.get()) == nullptr))
        throw std::bad_alloc();
    return x;
}

bytes from_bn(const BIGNUM& x) {
    bytes out(static_cast<std::size_t>(BN_num_bytes(&x)));
    BN_bn2bin(&x, out.data());
    return out;
}

secure_bytes from_bn_secret(const BIGNUM& x) {
    secure_bytes out(static_cast<std::size_t>(BN_num_bytes(&x)));
    BN_bn2bin(&x, out.data());
    return out;
}

bool from_bn_fixed(const BIGNUM& x, std::span<byte> out) noexcept {
    return BN_bn2binpad(&x, out.data(), static_cast<int>(out.size())) == static_cast<int>(out.size());
}

bignum bn_param(const EVP_PKEY& key, const char* name) {
    BIGNUM* x = nullptr;
    if (EVP_PKEY_get_bn_param(&key, name, &x) != 1) return {};
    return bignum(x);
}

pkey key_from(const char* type, int selection, OSSL_PARAM_BLD& bld) {
    const params p(OSSL_PARAM_BLD_to_param(&bld));
    if (!p) return {};
    const pkey_ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, selection, p.get()) != 1)
        return {};
    return pkey(key);
}

backend_error classify_error(unsigned long packed) noexcept {
    if (packed == 0) return backend_error::other;
    const int reason = ERR_GET_REASON(packed);
    // A system error carries errno as its reason.
    if (ERR_SYSTEM_ERROR(packed)) return reason == ENOMEM ? backend_error::out_of_memory : backend_error::other;
    switch (reason) {
    case ERR_R_MALLOC_FAILURE: return backend_error::out_of_memory;
    case ERR_R_PASSED_NULL_PARAMETER:
    case ERR_R_PASSED_INVALID_ARGUMENT: return backend_error::bad_input;
    case ERR_R_UNSUPPORTED:
    case ERR_R_DISABLED:
    case ERR_R_FETCH_FAILED: return backend_error::unsupported;
    default: break;
    }
    // Reasons are numbered per library from here on.
    const int lib = ERR_GET_LIB(packed);
    if (lib == ERR_LIB_ENGINE) return backend_error::hardware;  // OpenSSL 3.0 reaches hardware through engines
    if (lib == ERR_LIB_EVP) {
        switch (reason) {
        case EVP_R_BUFFER_TOO_SMALL:
        case EVP_R_INVALID_KEY_LENGTH:
        case EVP_R_INVALID_LENGTH:
        case EVP_R_NO_DIGEST_SET:
        case EVP_R_NO_CIPHER_SET: return backend_error::bad_input;
        default: break;
        }
    }
    if (lib == ERR_LIB_PROV) {
        switch (reason) {
        case PROV_R_INVALID_KEY_LENGTH:
        case PROV_R_OUTPUT_BUFFER_TOO_SMALL:
        case PROV_R_NO_KEY_SET:
        case PROV_R_MISSING_KEY: return backend_error::bad_input;
        default: break;
        }
    }
    return backend_error::other;
}

void throw_if_failed(int ok) {
    if (ok == 1) return;
    // The last reason queued is the outermost one the failed call reported.
    const unsigned long packed = ERR_peek_last_error();
    throw_backend_error(classify_error(packed), static_cast<long>(packed));
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
const bool cpu_has_avx = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx") != 0;
}();
#endif

__attribute__((tls_model("initial-exec"))) thread_local unsigned scope_depth = 0;

} // namespace p11::crypto::ossl

namespace p11::crypto {

error_batch::error_batch() noexcept {
    // ERR_set_mark returns 0, setting no mark, when the queue is empty.
    if (ossl::scope_depth++ == 0) outermost_ = true, marked_ = ERR_set_mark() == 1;
}
error_batch::~error_batch() {
    ossl::clean_vector_state();
    --ossl::scope_depth;
    if (outermost_ && (marked_ || !succeeded_)) ERR_pop_to_mark();
}

} // namespace p11::crypto
