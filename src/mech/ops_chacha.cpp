// CKM_CHACHA20_POLY1305 (RFC 8439): C_Encrypt & co. with
// CK_SALSA20_CHACHA20_POLY1305_PARAMS (the tag after the ciphertext, as GCM),
// and the message-based functions with CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS
// (the caller's nonce: this mechanism has no generator; the tag in pTag).
// Fields were checked by the framework (provider/parameter_checks.hpp).
#include "crypto/chacha.hpp"
#include "mech/aead_message.hpp"
#include "mech/keys.hpp"
#include "mech/ops.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/provider/parameter_checks.hpp"

namespace p11::mech::ops {

made<provider::cipher_operation> chacha20_poly1305(const mechanism_view& m, const provider::object& key,
                                                   crypto::direction d) {
    if (m.type != mechanism_type::chacha20_poly1305) return rv::mechanism_invalid;
    const auto* p = m.param<abi::CK_SALSA20_CHACHA20_POLY1305_PARAMS>();
    if (p == nullptr) return rv::mechanism_param_invalid;
    // Prepared once per key object: no keying per operation.
    auto k = chacha20_key_of(key);
    if (!k) return rv::key_size_range;
    auto c = crypto::make_chacha20_poly1305(k, bytes_view{p->pNonce, crypto::chacha20_poly1305_nonce_bytes},
                                            bytes_view{p->pAAD, p->pAAD ? p->ulAADLen : 0}, d);
    if (!c) return rv::mechanism_param_invalid;
    return stream_cipher(std::move(c), d);
}

made<provider::message_cipher_operation> chacha20_poly1305_message(const mechanism_view& m,
                                                                   const provider::object& key, crypto::direction d) {
    if (m.type != mechanism_type::chacha20_poly1305) return rv::mechanism_invalid;
    auto k = chacha20_key_of(key);
    if (!k) return rv::key_size_range;
    aead_mechanism chacha{
        .read = [](bytes_view given) -> result<aead_message_parameter> {
            const auto p = provider::parameter_checks::read<abi::CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS>(given);
            return aead_message_parameter{.iv = {p.pNonce, crypto::chacha20_poly1305_nonce_bytes},
                                          .tag = p.pTag,
                                          .tag_bytes = crypto::chacha20_poly1305_tag_bytes};
        },
        .make = [k, d](bytes_view nonce, bytes_view aad, std::size_t) {
            return crypto::make_chacha20_poly1305(k, nonce, aad, d);
        },
    };
    return std::unique_ptr<provider::message_cipher_operation>(aead_message(std::move(chacha), d, nullptr));
}

} // namespace p11::mech::ops
