// CKM_AES_GCM through the message-based functions: CK_GCM_MESSAGE_PARAMS
// per message (fields checked by the framework, provider/parameter_checks.hpp),
// one keyed GCM context per message from the key's pool.
#include "crypto/aes.hpp"
#include "mech/aead_message.hpp"
#include "mech/keys.hpp"
#include "mech/ops.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/provider/parameter_checks.hpp"

namespace p11::mech::ops {

made<provider::message_cipher_operation> aes_gcm_message(const mechanism_view& m, const provider::object& key,
                                                         crypto::direction d, counter_source counter) {
    if (m.type != mechanism_type::aes_gcm) return rv::mechanism_invalid;
    auto k = aes_key_of(key);
    if (!k) return rv::key_size_range;
    aead_mechanism gcm{
        .read = [](bytes_view given) -> result<aead_message_parameter> {
            const auto p = provider::parameter_checks::read<abi::CK_GCM_MESSAGE_PARAMS>(given);
            return aead_message_parameter{.iv = {p.pIv, p.ulIvLen},
                                          .iv_fixed_bits = p.ulIvFixedBits,
                                          .generator = static_cast<generator_function>(p.ivGenerator),
                                          .tag = p.pTag,
                                          .tag_bytes = p.ulTagBits / 8};
        },
        .make = [k, d](bytes_view iv, bytes_view aad, std::size_t tag_bytes) {
            return crypto::make_aes_gcm(k, iv, aad, tag_bytes, d);
        },
    };
    return std::unique_ptr<provider::message_cipher_operation>(aead_message(std::move(gcm), d, std::move(counter)));
}

} // namespace p11::mech::ops
